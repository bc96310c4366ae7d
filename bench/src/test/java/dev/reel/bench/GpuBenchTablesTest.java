package dev.reel.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU tables from milliseconds per product, computed on the CPU. */
class GpuBenchTablesTest {
    @Test
    void reelAgainstCublasIsAGflopRatio() {
        // n = 1024: 2^31 flop. Reel F32 2 ms, cuBLAS 1.6 ms: 0.80; Reel TF32 0.5 ms, cuBLAS 0.4 ms: 0.80.
        Map<Integer, Map<String, Double>> gemm = new TreeMap<>();
        gemm.put(1024, Map.of("highest", 2.0, "high", 0.5, "medium", 0.25, "cublas", 1.6, "cublas-tf32", 0.4));
        String t = GpuBench.tables(gemm, Map.of());
        assertTrue(t.contains("| 1024 | 1074 | 4295 | 8590 | 4.00 | 8.00 |"), t);
        assertTrue(t.contains("| 1024 | 1074 | 1342 | 0.80 | 4295 | 5369 | 0.80 |"), t);
    }

    @Test
    void withoutCublasRowsThereIsNoYardstickTable() {
        Map<Integer, Map<String, Double>> gemm = new TreeMap<>();
        gemm.put(2048, Map.of("highest", 2.0, "high", 0.5, "medium", 0.25));
        String t = GpuBench.tables(gemm, Map.of());
        assertTrue(t.contains("| 2048 |"), t);
        assertFalse(t.contains("cuBLAS"), t);
    }
}
