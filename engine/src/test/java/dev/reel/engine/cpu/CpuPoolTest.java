package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.PoolGeometry;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The F32 whole-window max pooling kernel against the tap-table loop (its reference), bit for
 * bit in values and indices: odd plane sizes, kernels and strides (overlapping and gapped
 * windows), ties (small integers), NaN and infinities, a non-contiguous input, 1..4 threads.
 */
class CpuPoolTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65};
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static float[] values(SplittableRandom rnd, int n) {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(20) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextInt(7) - 3;
        return v;
    }

    private static int out(int in, int k, int s) {
        return (in - k) / s + 1;
    }

    @Test
    void wholeWindowKernelMatchesTheTapLoop() {
        SplittableRandom rnd = new SplittableRandom(9);
        int[][] windows = {{2, 2, 2, 2}, {3, 3, 2, 2}, {2, 3, 1, 3}, {1, 1, 1, 1}, {3, 2, 3, 1}};
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int h : SIZES) {
                int wd = SIZES[(h * 7) % SIZES.length] + 2;
                for (int[] k : windows) {
                    if (k[0] > h || k[1] > wd) continue;
                    // (N, C, 1, W, H) transposed to (N, C, 1, H, W): the kernel reads a dense copy
                    Tensor x = Tensor.fromArray(values(rnd, 2 * 3 * h * wd), 2, 3, 1, wd, h).transpose(3, 4);
                    PoolGeometry g = new PoolGeometry(new int[] {1, k[0], k[1]}, new int[] {1, k[2], k[3]}, new int[] {0, 0, 0},
                            new int[] {1, 1, 1}, true, 0, false);
                    int[] ys = {2, 3, 1, out(h, k[0], k[2]), out(wd, k[1], k[3])};
                    Tensor y1 = Tensor.zeros(ys), y2 = Tensor.zeros(ys);
                    Tensor i1 = Tensor.zeros(DType.I64, ys), i2 = Tensor.zeros(DType.I64, ys);
                    CpuPool.maxPool(g, x, y1, i1, false);
                    CpuPool.maxPool(g, x, y2, i2, true);
                    String what = "h=" + h + " w=" + wd + " window " + java.util.Arrays.toString(k) + " threads=" + threads;
                    float[] a = y1.toFloatArray(), b = y2.toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), what + " value at " + i);
                    }
                    assertArrayEquals(i1.toLongArray(), i2.toLongArray(), what + " indices");
                }
            }
        }
    }
}
