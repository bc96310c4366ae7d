package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code matmul} (the blocked F32 GEMM) and its two gradients against F64 triple loops: random
 * m, n, k from {@link Sweep#SIZES}, each operand contiguous, transposed or row-strided, a batched
 * left operand with a broadcast right one, 1..4 threads. Bound per element of a sum over k:
 * γ(k+2)·Σ|a·b| (+2: the F32 products and the final rounding).
 */
class GemmSweepTest {
    @Test
    void matmulAndItsGradientsMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(100 + threads);
            Generator g = new Generator(threads);
            for (int c = 0; c < 8; c++) {
                int batch = c < 6 ? 0 : Sweep.pick(rnd, 1, 2, 3);    // the last cases: (batch, m, k) · (k, n)
                int m = Sweep.size(rnd, 129), k = Sweep.size(rnd, 129), n = Sweep.size(rnd, 129);
                if ((long) m * n * k > 129L * 129 * 65) k = Sweep.size(rnd, 17);
                Sweep.Input a = batch == 0 ? Sweep.Input.of(g, rnd.nextInt(3), true, m, k) : Sweep.Input.of(g, rnd.nextInt(3), true, batch, m, k);
                Sweep.Input b = Sweep.Input.of(g, rnd.nextInt(3), true, k, n);
                Sweep.Input dc = batch == 0 ? Sweep.Input.of(g, rnd.nextInt(3), false, m, n) : Sweep.Input.of(g, rnd.nextInt(3), false, batch, m, n);
                Tensor cOut = a.view().matmul(b.view());
                cOut.backward(dc.view());
                String what = "batch " + batch + " m=" + m + " n=" + n + " k=" + k + " threads=" + threads;
                check(a.values(), b.values(), dc.values(), Math.max(batch, 1), m, n, k, cOut.toDoubleArray(), a.grad(), b.grad(), what);
            }
        });
    }

    /** C = A·B per batch item, dA = dC·Bᵀ, dB = Σ_batch Aᵀ·dC, with Σ|terms| for each bound. */
    private static void check(double[] a, double[] b, double[] dc, int batch, int m, int n, int k,
                              double[] c, double[] da, double[] db, String what) {
        double[] ec = new double[batch * m * n], tc = new double[ec.length];
        double[] eda = new double[batch * m * k], tda = new double[eda.length];
        double[] edb = new double[k * n], tdb = new double[edb.length];
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[(t * m + i) * k + p] * b[p * n + j];
                        s += x;
                        abs += Math.abs(x);
                    }
                    ec[(t * m + i) * n + j] = s;
                    tc[(t * m + i) * n + j] = gamma(k + 2) * abs;
                }
                for (int p = 0; p < k; p++) {
                    double s = 0, abs = 0;
                    for (int j = 0; j < n; j++) {
                        double x = dc[(t * m + i) * n + j] * b[p * n + j];
                        s += x;
                        abs += Math.abs(x);
                    }
                    eda[(t * m + i) * k + p] = s;
                    tda[(t * m + i) * k + p] = gamma(n + 2) * abs;
                }
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int t = 0; t < batch; t++) {
                    for (int i = 0; i < m; i++) {
                        double x = a[(t * m + i) * k + p] * dc[(t * m + i) * n + j];
                        s += x;
                        abs += Math.abs(x);
                    }
                }
                edb[p * n + j] = s;
                tdb[p * n + j] = gamma(batch * m + batch + 2) * abs;   // per-item sums, then summed over the batch
            }
        }
        Sweep.assertWithin(ec, c, tc, "matmul " + what);
        Sweep.assertWithin(eda, da, tda, "matmul grad A " + what);
        Sweep.assertWithin(edb, db, tdb, "matmul grad B " + what);
    }
}
