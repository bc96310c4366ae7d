package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sums over leading dims (a bias gradient) take a rows-outer path; each column must still be the
 * double-precision sum from the first row to the last, bit for bit what the general path gives.
 */
class ColumnSumsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void leadingDimSumsAreSequentialDoubleSums() {
        int[][] shapes = {{1, 2, 3}, {5, 7, 33}, {3, 129, 65}, {17, 1, 2}, {2, 64, 768}};
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int[] sh : shapes) {
                Tensor x = Tensor.randn(new Generator(sh[1] * 31 + sh[2]), DType.F32, sh);
                float[] a = x.toFloatArray();
                int rows = sh[0] * sh[1], cols = sh[2];
                float[] got = x.sum(new int[] {0, 1}, false).toFloatArray();
                for (int c = 0; c < cols; c++) {
                    double s = 0;
                    for (int r = 0; r < rows; r++) s += a[r * cols + c];
                    assertEquals((float) s, got[c], 0f, "column " + c + " of " + java.util.Arrays.toString(sh) + ", threads " + threads);
                }
                float[] keep = x.sum(new int[] {0}, true).toFloatArray();
                for (int j = 0; j < sh[1] * cols; j++) {
                    double s = 0;
                    for (int r = 0; r < sh[0]; r++) s += a[r * sh[1] * cols + j];
                    assertEquals((float) s, keep[j], 0f, "keepdim element " + j);
                }
            }
        }
    }
}
