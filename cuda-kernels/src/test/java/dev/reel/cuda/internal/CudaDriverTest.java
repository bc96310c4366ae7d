package dev.reel.cuda.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The FFM binding of libcuda, as far as it can be checked on any machine. */
class CudaDriverTest {
    @Test
    void loadNeverThrowsAndExplainsAMissingDriver() {
        CudaDriver.Loaded loaded = CudaDriver.load();
        if (loaded.driver().isEmpty()) {
            assertFalse(loaded.reason().isBlank());
            assertTrue(loaded.reason().contains(CudaDriver.LIBRARY), loaded.reason());
        } else {
            assertTrue(loaded.reason().isEmpty());
        }
    }

    /** Every symbol bound is a driver API function of the installed toolkit's cuda.h. */
    @Test
    void everyBoundSymbolIsDeclaredInCudaH() throws IOException {
        String home = System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda");
        Path header = Path.of(home, "include", "cuda.h");
        assumeTrue(Files.exists(header), "no CUDA toolkit header at " + header);
        String h = Files.readString(header);
        for (String symbol : CudaDriver.SYMBOLS) {
            // Declared under its own name, or the target of a versioning macro
            // (#define cuMemAlloc cuMemAlloc_v2, possibly wrapped as __CUDA_API_PTDS(cuMemcpyHtoD_v2)).
            boolean declared = h.contains("CUresult CUDAAPI " + symbol + "(")
                    || Pattern.compile("#define\\s+\\w+\\s+(__CUDA_API_\\w+\\()?" + symbol + "\\b").matcher(h).find();
            assertTrue(declared, symbol + " is not a function of " + header);
        }
    }
}
