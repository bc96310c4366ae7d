package dev.reel.nn.io;

import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the safetensors reader: every mutant of a valid file must load or
 * fail with a {@link CheckpointException}, never any other exception or error. The default build
 * runs a short loop; {@code -Pfuzz} sets {@code reel.fuzz.iterations} for a long one.
 */
class SafeTensorsFuzzTest {
    @TempDir
    Path dir;

    @Test
    void mutantsLoadOrFailCleanly() throws IOException {
        int iterations = Integer.getInteger("reel.fuzz.iterations", 400);
        Map<String, Tensor> t = new LinkedHashMap<>();
        var g = new Generator(11);
        t.put("conv.weight", Tensor.randn(g, 4, 3, 2, 2));
        t.put("bn.num_batches_tracked", Tensor.fromArray(new long[] {5}).reshape());
        t.put("mask", Tensor.fromArray(new boolean[] {true, false, true}));
        t.put("x64", Tensor.randn(g, DType.F64, 3));
        Path seed = dir.resolve("seed.safetensors");
        SafeTensors.save(seed, t, Map.of("epoch", "1"));
        byte[] original = Files.readAllBytes(seed);
        Path mutant = dir.resolve("mutant.safetensors");
        SplittableRandom rnd = new SplittableRandom(Long.getLong("reel.fuzz.seed", 20261123L));
        for (int i = 0; i < iterations; i++) {
            byte[] b = mutate(original, rnd);
            Files.write(mutant, b);
            try {
                SafeTensors.load(mutant);
            } catch (CheckpointException expected) {
                // a clean rejection
            } catch (Throwable other) {
                fail("iteration " + i + ": " + other + " instead of a CheckpointException; file (latin-1): "
                        + new String(b, StandardCharsets.ISO_8859_1), other);
            }
        }
    }

    /** One to four edits: flip a byte, write a digit or a JSON-significant character into the header, cut or grow the file. */
    private static byte[] mutate(byte[] in, SplittableRandom rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        byte[] interesting = "0123456789-[]{},:\".eE9".getBytes(StandardCharsets.US_ASCII);
        for (int e = 0; e < edits; e++) {
            switch (rnd.nextInt(5)) {
                case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[8 + rnd.nextInt(Math.min(b.length - 8, 400))] = interesting[rnd.nextInt(interesting.length)];
                case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 3 -> b = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
                default -> b[rnd.nextInt(8)] = (byte) rnd.nextInt(256);   // the header length field
            }
            if (b.length < 9) break;
        }
        return b;
    }
}
