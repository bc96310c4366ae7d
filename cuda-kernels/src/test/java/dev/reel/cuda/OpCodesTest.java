package dev.reel.cuda;

import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.ReduceOp;
import dev.reel.engine.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kernels receive op.ordinal(): ops.cuh must list the engine's enum constants in order. */
class OpCodesTest {
    private static List<String> cudaEnum(String name) throws IOException {
        String src = Files.readString(Path.of(System.getProperty("reel.cuda.sourceDir", "src/main/cuda"), "ops.cuh"));
        Matcher m = Pattern.compile("enum " + name + " \\{([^}]*)}").matcher(src);
        if (!m.find()) throw new AssertionError("ops.cuh has no enum " + name);
        return Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    @Test
    void unaryBinaryAndReduceCodesMatchTheEngine() throws IOException {
        assertEquals(names(UnaryOp.values()), cudaEnum("UnaryOp"));
        assertEquals(names(BinaryOp.values()), cudaEnum("BinaryOp"));
        assertEquals(names(ReduceOp.values()), cudaEnum("ReduceOp"));
    }
}
