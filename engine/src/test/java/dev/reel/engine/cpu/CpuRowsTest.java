package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The F32 vector row kernels against their scalar twin (double accumulation), on every row
 * length that stresses the vector tail, with special rows (±∞, all -∞, NaN), on 1..4 threads.
 *
 * <p>Tolerances, with u = 2⁻²⁴ and N the row length: softmax's exponentials are within 3u
 * relative after an exact shift, except that x - m rounds (u·|x - m| absolute in the exponent);
 * the F32 sum of N positive terms is within N·u relative: ≤ (N + 3 + |x - m|max)·u·2 relative per
 * element. log-softmax: the same error, absolute, on log Σ plus one rounding of x - shift.
 * Layer norm: the mean and the centred sum of squares carry N·u·Σ|x| and N·u·Σ(x-μ)² errors, which
 * reach y = (x-μ)·rstd through μ (divided by σ) and rstd (relative), plus 4 roundings.
 */
class CpuRowsTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    private static final double U = 0x1p-24;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static void check(double[] a, double[] b, double[] tol, String what) {
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                if (Double.isNaN(a[i]) != Double.isNaN(b[i])) fail(what + " [" + i + "]: " + a[i] + " vs " + b[i]);
                continue;
            }
            if (a[i] != b[i] && !(Math.abs(a[i] - b[i]) <= tol[i])) fail(what + " [" + i + "]: scalar " + a[i] + " vs vector " + b[i] + " > " + tol[i]);
        }
    }

    @Test
    void softmaxRowsMatchScalar() {
        for (int threads = 1; threads <= 4; threads += 3) {
            Parallel.setThreads(threads);
            for (int n : SIZES) {
                float[] v = Tensor.randn(new Generator(n), DType.F32, 5 * n).mul(5).toFloatArray();
                v[n] = Float.POSITIVE_INFINITY;                                       // row 1: +∞ → NaN row, as the composite
                for (int i = 2 * n; i < 3 * n; i++) v[i] = Float.NEGATIVE_INFINITY;   // row 2: all masked → NaN row
                v[3 * n] = Float.NaN;                                                 // row 3: NaN
                Tensor x = Tensor.fromArray(v, 5, n);
                for (boolean log : new boolean[] {false, true}) {
                    double[][] r = new double[2][];
                    for (int vec = 0; vec < 2; vec++) {
                        Tensor out = Tensor.zeros(5, n);
                        CpuRows.softmax(x, log, out, vec == 1);
                        r[vec] = out.toDoubleArray();
                    }
                    double[] tol = new double[5 * n];
                    for (int row = 0; row < 5; row++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < n; i++) m = Math.max(m, v[row * n + i]);
                        for (int i = 0; i < n; i++) {
                            double rel = (n + 3 + Math.abs(v[row * n + i] - m)) * U * 2;
                            double y = Math.abs(r[0][row * n + i]);
                            tol[row * n + i] = log ? rel + 2 * U * y : rel * y;
                        }
                    }
                    check(r[0], r[1], tol, (log ? "log_softmax" : "softmax") + " n=" + n + " threads=" + threads);
                }
            }
        }
    }

    /**
     * Every row length 1..129 on 1..4 threads, 9 rows so that each thread's chunk carries the next
     * row's maximum across several rows, with rows that take the kernel's other paths: a masked row
     * (-∞ where masked: exactly 0 there, as PyTorch), a row spread over more than 87 (exponentials
     * below the normal range, where the short exp hands over to the full one), and a row with -∞
     * and NaN only (NaN, as the composite).
     */
    @Test
    void softmaxRowsMatchScalarOnEveryLengthAndMask() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int n = 1; n <= 129; n++) {
                int rows = 9;
                float[] v = Tensor.randn(new Generator(1000 + n), DType.F32, rows * n).mul(3).toFloatArray();
                for (int i = 0; i < n; i += 2) v[2 * n + i] = Float.NEGATIVE_INFINITY;     // row 2: every other one masked
                for (int i = 0; i < n; i++) v[4 * n + i] *= 40;                              // row 4: spread ~±120
                for (int i = 0; i < n; i++) v[6 * n + i] = i % 3 == 0 ? Float.NaN : Float.NEGATIVE_INFINITY;
                v[8 * n + n / 2] = -1e30f;                                                   // row 8: one far below
                Tensor x = Tensor.fromArray(v, rows, n);
                for (boolean log : new boolean[] {false, true}) {
                    double[][] r = new double[2][];
                    for (int vec = 0; vec < 2; vec++) {
                        Tensor out = Tensor.zeros(rows, n);
                        CpuRows.softmax(x, log, out, vec == 1);
                        r[vec] = out.toDoubleArray();
                    }
                    String what = (log ? "log_softmax" : "softmax") + " n=" + n + " threads=" + threads;
                    double[] tol = new double[rows * n];
                    for (int row = 0; row < rows; row++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < n; i++) m = Math.max(m, v[row * n + i]);
                        for (int i = 0; i < n; i++) {
                            int k = row * n + i;
                            double rel = (n + 3 + Math.abs(v[k] - m)) * U * 2;
                            double y = Math.abs(r[0][k]);
                            // the short exp flushes results below 2^-126 to the full exp's subnormals: absolute 2^-126
                            tol[k] = log ? rel + 2 * U * y : rel * y + 0x1p-126;
                            if (v[k] == Float.NEGATIVE_INFINITY && row == 2 && n > 1) {   // n = 1: the whole row is masked
                                double want = log ? Double.NEGATIVE_INFINITY : 0.0;
                                if (r[1][k] != want) fail(what + ": masked position " + i + " gave " + r[1][k]);
                            }
                        }
                    }
                    check(r[0], r[1], tol, what);
                    for (int i = 0; i < n; i++) {
                        if (!Double.isNaN(r[1][6 * n + i])) fail(what + ": a row of -inf and NaN gave " + r[1][6 * n + i] + " at " + i);
                    }
                }
            }
        }
    }

    /**
     * The gradients, dx = y·(dy - Σ dy·y) and dx = dy - e^y·Σ dy, vector against scalar on every row
     * length 1..129 and 1..4 threads, from real softmax outputs (with a masked row: y = 0 or -∞).
     * Bounds: the F32 reduction of n terms is within γ(n) = n·u/(1 - n·u) of Σ|terms|; e^y within 1
     * ulp; then two roundings: |dx - exact| ≤ |y|·(γ(n)·Σ|dy·y| + 2u·|dy - s|) (softmax),
     * e^y·(γ(n)·Σ|dy| + 3u·|s|) + 2u·(|dy| + |dx|) (log-softmax), with a factor 2 of margin.
     */
    @Test
    void softmaxBackwardRowsMatchScalar() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int n = 1; n <= 129; n++) {
                int rows = 7;
                Generator gen = new Generator(2000 + n);
                float[] v = Tensor.randn(gen, DType.F32, rows * n).mul(3).toFloatArray();
                for (int i = 1; i < n; i += 2) v[3 * n + i] = Float.NEGATIVE_INFINITY;   // row 3: masked
                Tensor x = Tensor.fromArray(v, rows, n), dy = Tensor.randn(gen, DType.F32, rows, n);
                double[] gv = dy.toDoubleArray();
                for (boolean log : new boolean[] {false, true}) {
                    Tensor y = Tensor.zeros(rows, n);
                    CpuRows.softmax(x, log, y, false);
                    double[] yv = y.toDoubleArray();
                    double[][] r = new double[2][];
                    for (int vec = 0; vec < 2; vec++) {
                        Tensor dx = Tensor.zeros(rows, n);
                        CpuRows.softmaxBackward(y, dy, log, dx, vec == 1);
                        r[vec] = dx.toDoubleArray();
                    }
                    double gamma = n * U / (1 - n * U);
                    double[] tol = new double[rows * n];
                    for (int row = 0; row < rows; row++) {
                        double s = 0, sAbs = 0;
                        for (int i = 0; i < n; i++) {
                            int k = row * n + i;
                            s += log ? gv[k] : gv[k] * yv[k];
                            sAbs += log ? Math.abs(gv[k]) : Math.abs(gv[k] * yv[k]);
                        }
                        for (int i = 0; i < n; i++) {
                            int k = row * n + i;
                            tol[k] = 2 * (log
                                    ? Math.exp(yv[k]) * (gamma * sAbs + 3 * U * Math.abs(s)) + 2 * U * (Math.abs(gv[k]) + Math.abs(r[0][k]))
                                    : Math.abs(yv[k]) * (gamma * sAbs + 2 * U * Math.abs(gv[k] - s)));
                        }
                    }
                    check(r[0], r[1], tol, (log ? "log_softmax" : "softmax") + " backward n=" + n + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void layerNormRowsMatchScalar() {
        for (int threads = 1; threads <= 4; threads += 3) {
            Parallel.setThreads(threads);
            for (int n : SIZES) {
                Generator g = new Generator(100 + n);
                Tensor x = Tensor.randn(g, DType.F32, 4, n).mul(3).add(2), w = Tensor.randn(g, DType.F32, n), b = Tensor.randn(g, DType.F32, n);
                for (int affine = 0; affine < 2; affine++) {
                    double[][] r = new double[2][], m = new double[2][], rs = new double[2][];
                    for (int vec = 0; vec < 2; vec++) {
                        Tensor out = Tensor.zeros(4, n), mean = Tensor.zeros(4), rstd = Tensor.zeros(4);
                        CpuRows.layerNorm(x, affine == 1 ? w : null, affine == 1 ? b : null, 1e-5, out, mean, rstd, vec == 1);
                        r[vec] = out.toDoubleArray();
                        m[vec] = mean.toDoubleArray();
                        rs[vec] = rstd.toDoubleArray();
                    }
                    double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), bv = b.toDoubleArray();
                    double[] tol = new double[4 * n];
                    for (int row = 0; row < 4; row++) {
                        double sumAbs = 0;
                        for (int i = 0; i < n; i++) sumAbs += Math.abs(xv[row * n + i]);
                        double sigma = 1 / rs[0][row];
                        double meanErr = n * U * sumAbs / n, rstdRel = 2 * n * U + 2 * meanErr / sigma;
                        for (int i = 0; i < n; i++) {
                            double xhat = Math.abs(xv[row * n + i] - m[0][row]) / sigma;
                            double e = meanErr / sigma + rstdRel * xhat + 4 * U * (1 + xhat);
                            tol[row * n + i] = 2 * (affine == 1 ? e * Math.abs(wv[i]) + 2 * U * (Math.abs(bv[i]) + xhat * Math.abs(wv[i])) : e);
                        }
                    }
                    check(r[0], r[1], tol, "layer_norm n=" + n + " affine=" + affine + " threads=" + threads);
                }
            }
        }
    }
}
