package dev.reel.bench;

import dev.reel.cuda.CudaBackend;
import dev.reel.engine.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Looking for cuBLAS: what the loader says when it is missing, on any machine. */
class CublasTest {
    @Test
    void missingLibraryNamesWhatWasTried() {
        Path folder = Path.of("/nonexistent-cuda", "lib64");
        Cublas.Loaded loaded = Cublas.load(List.of("libcublas.so.99"), List.of(folder.resolve("libcublas.so.99")));
        assertTrue(loaded.cublas().isEmpty());
        assertEquals("cuBLAS unavailable: libcublas.so.99 are not on LD_LIBRARY_PATH or in the system's library cache, "
                + "nor in /nonexistent-cuda/lib64 (install cuBLAS, e.g. the CUDA toolkit, or run with "
                + "-Dreel.cublas.library=/path/to/libcublas.so.13)", loaded.reason());
    }

    @Test
    void aLibraryWithoutCublasSymbolsIsNamed() {
        // libm is on every Linux machine and opens, but binds no cuBLAS function.
        Cublas.Loaded loaded = Cublas.load(List.of("libm.so.6"), List.of());
        assertTrue(loaded.cublas().isEmpty());
        assertEquals("cuBLAS unavailable: libm.so.6 has no symbol cublasCreate_v2: not a cuBLAS library, or one older "
                + "than CUDA 12", loaded.reason());
    }

    @Test
    void defaultSearchCoversBothSonamesAndTheToolkitFolders() {
        assertEquals(List.of("libcublas.so.13", "libcublas.so.12"), Cublas.SONAMES);
        assertTrue(Cublas.toolkitFiles().contains(Path.of("/usr/local/cuda/lib64/libcublas.so.13")));
        assertTrue(Cublas.toolkitFiles().contains(Path.of("/usr/local/cuda/targets/x86_64-linux/lib/libcublas.so.12")));
        Cublas.Loaded loaded = Cublas.load();
        if (loaded.cublas().isEmpty()) {
            assertTrue(loaded.reason().contains("libcublas.so.13 and libcublas.so.12 are not on LD_LIBRARY_PATH"),
                    loaded.reason());
        } else {
            assertEquals("", loaded.reason());
        }
    }

    @Test
    void cublasRowsSkipSayingWhich() {
        Cublas.Loaded none = new Cublas.Loaded(Optional.empty(), "cuBLAS unavailable: libcublas.so.13 and ...");
        assertEquals("no CUDA GPU found: libcuda.so.1 could not be loaded",
                GpuBench.cublasSkipReason("libcuda.so.1 could not be loaded", none));
        assertEquals("cuBLAS unavailable: libcublas.so.13 and ...", GpuBench.cublasSkipReason("", none));
    }

    /** On a machine without a GPU the real probe's reason is what the cuBLAS rows report. */
    @Test
    void withoutAGpuTheGpuReasonComesFirst() {
        assumeFalse(CudaBackend.INSTANCE.isAvailable(), "a CUDA GPU is present");
        String gpu = GpuBench.unavailableReason();
        assertFalse(gpu.isEmpty());
        assertEquals("no CUDA GPU found: " + gpu, GpuBench.cublasSkipReason(gpu, Cublas.load()));
        // No stream to hand to cuBLAS either, and the error says why.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaBackend.INSTANCE.stream(Device.cuda(0)));
        assertEquals("CUDA is not available: " + gpu, e.getMessage());
    }
}
