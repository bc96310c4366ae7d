package dev.reel.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The downcalls of {@link Cublas}, checked without a GPU: {@code src/test/c/recording_cublas.c}
 * has cuBLAS's signatures and records what it receives; this test compiles it with the system's C
 * compiler (and skips, saying so, where there is none), loads it as cuBLAS and reads the record.
 */
class CublasBindingTest {
    private static final Path SOURCE = Path.of("src/test/c/recording_cublas.c");

    @Test
    void argumentsArriveAsSent(@TempDir Path dir) throws Exception {
        Path lib = compile(dir.resolve("libcublas.so.13"));
        Cublas.Loaded loaded = Cublas.load(List.of(), List.of(lib));
        Cublas cublas = loaded.cublas().orElseThrow(() -> new AssertionError(loaded.reason()));
        assertEquals(lib.toString(), cublas.library());
        // dlopen hands back the library already loaded, so this is the record Cublas's calls fill.
        MemorySegment rec = SymbolLookup.libraryLookup(lib, Arena.global()).find("recorded").orElseThrow().reinterpret(88);
        try (Cublas.Handle h = cublas.create(MemorySegment.ofAddress(0xABC0), Cublas.TF32_TENSOR_OP_MATH)) {
            assertEquals(0xABC0, rec.get(JAVA_LONG, 0), "stream");
            assertEquals(3, rec.get(JAVA_INT, 8), "math mode");
            assertEquals(130002, h.version());

            // Row-major C[2 x 5] = A[2 x 3] B^T with B stored 5 x 3, C rows 7 apart.
            h.sgemm(SgemmCall.rowMajor(false, true, 2, 5, 3, 0x1000, 3, 0x2000, 3, 0x3000, 7));
            int[] ints = new int[5];
            for (int i = 0; i < 5; i++) ints[i] = rec.get(JAVA_INT, 12 + 4 * i);
            assertEquals(List.of(SgemmCall.OP_T, SgemmCall.OP_N, 5, 2, 3), List.of(ints[0], ints[1], ints[2], ints[3], ints[4]),
                    "transa, transb, m, n, k");
            assertEquals(List.of(0x2000L, 0x1000L, 0x3000L), List.of(rec.get(JAVA_LONG, 32), rec.get(JAVA_LONG, 40),
                    rec.get(JAVA_LONG, 48)), "A, B, C");
            assertEquals(List.of(3, 3, 7), List.of(rec.get(JAVA_INT, 56), rec.get(JAVA_INT, 60), rec.get(JAVA_INT, 64)),
                    "lda, ldb, ldc");
            assertEquals(1f, rec.get(JAVA_FLOAT, 68), "alpha");
            assertEquals(0f, rec.get(JAVA_FLOAT, 72), "beta");
            assertEquals(1, rec.get(JAVA_INT, 76), "the handle cublasCreate_v2 made");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> h.sgemm(new SgemmCall(0, 0, -1, 1, 1, 1, 1, 1, 1, 1, 1)));
            assertTrue(e.getMessage().startsWith("cublasSgemm_v2 SgemmCall[transA=0, transB=0, m=-1,"), e.getMessage());
            assertTrue(e.getMessage().endsWith(" failed: CUBLAS_STATUS_INVALID_VALUE (an invalid numeric value was used "
                    + "as an argument)"), e.getMessage());
        }
        assertEquals(1, rec.get(JAVA_INT, 80), "cublasDestroy_v2 on close");
    }

    /** cc -shared -fPIC; skips the test where no C compiler is installed. */
    private static Path compile(Path out) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(SOURCE), "missing " + SOURCE.toAbsolutePath());
        Process p;
        try {
            p = new ProcessBuilder("cc", "-shared", "-fPIC", "-O1", "-o", out.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no C compiler (cc) to build " + SOURCE + ": " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "cc failed on " + SOURCE + ":\n" + log);
        return out;
    }
}
