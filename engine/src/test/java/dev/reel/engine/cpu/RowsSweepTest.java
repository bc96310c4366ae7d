package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.U;
import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The single-pass row kernels, softmax, log_softmax and layer norm, forward and backward through
 * autograd, against F64 formulas: rows of every length in {@link Sweep#SIZES}, the input
 * transposed or row-strided, softmax over the last dim and over dim 0 (a strided reduction), 1..4
 * threads. Each bound follows the rounding steps of the formula for a row of n elements (stated
 * at each check), with a factor 2 of margin.
 */
class RowsSweepTest {
    @Test
    void softmaxAndLogSoftmaxMatchTheF64Formulas() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(400 + threads);
            Generator g = new Generator(40 + threads);
            for (int len : Sweep.SIZES) {
                int rows = Sweep.pick(rnd, 1, 2, 3, 7), dim = rnd.nextInt(2);
                boolean log = rnd.nextBoolean();
                int[] shape = dim == 1 ? new int[] {rows, len} : new int[] {len, rows};
                Sweep.Input x = Sweep.Input.of(g, rnd.nextInt(3), true, 4.0, 0.0, shape);   // logits spread over ~±16
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, shape);
                Tensor xs = x.view();
                Tensor y = log ? F.logSoftmax(xs, dim) : F.softmax(xs, dim);
                y.backward(dy.view());
                String what = (log ? "log_softmax" : "softmax") + " dim " + dim + " of " + java.util.Arrays.toString(shape) + " threads=" + threads;
                // the rows along the reduced dim, as (rows, len) arrays
                double[] xv = rowsOf(xs, dim), gv = rowsOf(dy.view(), dim), yv = rowsOf(y, dim);
                double[] dx = rowsOf(x.viewOf().apply(x.leaf().grad()), dim);
                double[] ey = new double[xv.length], ty = new double[xv.length], edx = new double[xv.length], tdx = new double[xv.length];
                for (int r = 0; r < rows; r++) {
                    int o = r * len;
                    double m = Double.NEGATIVE_INFINITY, sum = 0, spread = 0, sumDy = 0, absDy = 0;
                    for (int i = 0; i < len; i++) m = Math.max(m, xv[o + i]);
                    for (int i = 0; i < len; i++) {
                        sum += Math.exp(xv[o + i] - m);
                        spread = Math.max(spread, m - xv[o + i]);
                    }
                    // each exp(x - m): (x - m) rounded (u·|x - m|), exp within 2 ulps (4u); the sum γ(n)
                    double relSum = gamma(len) + 4 * U + U * spread;
                    double dot = 0, dotAbs = 0;
                    for (int i = 0; i < len; i++) {
                        double p = Math.exp(xv[o + i] - m) / sum;
                        dot += gv[o + i] * p;
                        dotAbs += Math.abs(gv[o + i]) * p;
                        sumDy += gv[o + i];
                        absDy += Math.abs(gv[o + i]);
                    }
                    for (int i = 0; i < len; i++) {
                        double p = Math.exp(xv[o + i] - m) / sum, d = m - xv[o + i];
                        double relP = U * d + 4 * U + relSum + 2 * U;   // plus the division (or reciprocal and product)
                        if (log) {
                            double out = xv[o + i] - m - Math.log(sum);
                            ey[o + i] = out;
                            double absErr = U * d + relSum + 4 * U * Math.abs(Math.log(sum)) + 2 * U * Math.abs(out);
                            ty[o + i] = 2 * absErr;
                            // dx = dy - exp(out)·Σdy
                            edx[o + i] = gv[o + i] - p * sumDy;
                            tdx[o + i] = 2 * (p * (Math.abs(sumDy) * (absErr + 4 * U) + gamma(len) * absDy) + 2 * U * (Math.abs(gv[o + i]) + Math.abs(edx[o + i])));
                        } else {
                            ey[o + i] = p;
                            ty[o + i] = 2 * relP * p;
                            // dx = y·(dy - Σ dy·y)
                            edx[o + i] = p * (gv[o + i] - dot);
                            double relMax = 2 * U * spread + 6 * U + relSum + 2 * U;
                            tdx[o + i] = 2 * (p * (relMax * Math.abs(gv[o + i] - dot) + dotAbs * (relMax + gamma(len + 1)) + U * Math.abs(gv[o + i] - dot))
                                    + U * Math.abs(edx[o + i]));
                        }
                    }
                }
                Sweep.assertWithin(ey, yv, ty, what);
                Sweep.assertWithin(edx, dx, tdx, what + " grad");
            }
        });
    }

    @Test
    void layerNormMatchesTheF64Formulas() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(500 + threads);
            Generator g = new Generator(50 + threads);
            for (int n : Sweep.SIZES) {
                int rows = Sweep.pick(rnd, 1, 2, 3, 7);
                Sweep.Input x = Sweep.Input.of(g, rnd.nextInt(3), true, 3.0, 2.0, rows, n);   // mean 2, deviation 3: the mean matters
                Sweep.Input w = Sweep.Input.of(g, 2, true, n), b = Sweep.Input.of(g, 0, true, n);
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, rows, n);
                Tensor xs = x.view();
                Tensor y = F.layerNorm(xs, new int[] {n}, w.view(), b.view(), 1e-5);
                y.backward(dy.view());
                String what = "layer_norm rows=" + rows + " n=" + n + " threads=" + threads;
                double[] xv = xs.toDoubleArray(), wv = w.values(), bv = b.values(), gv = dy.values();
                double[] ey = new double[xv.length], ty = new double[xv.length], edx = new double[xv.length], tdx = new double[xv.length];
                double[] edw = new double[n], tdw = new double[n], edb = new double[n], tdb = new double[n];
                for (int r = 0; r < rows; r++) {
                    int o = r * n;
                    double mean = 0, meanAbs = 0, meanSq = 0;
                    for (int i = 0; i < n; i++) {
                        mean += xv[o + i] / n;
                        meanAbs += Math.abs(xv[o + i]) / n;
                        meanSq += xv[o + i] * xv[o + i] / n;
                    }
                    double var = 0;
                    for (int i = 0; i < n; i++) var += (xv[o + i] - mean) * (xv[o + i] - mean) / n;
                    double rstd = 1 / Math.sqrt(var + 1e-5);
                    // mean within γ(n)·mean|x|; the variance within 2γ(n+2)·E[x²] (a one-pass E[x²] - mean² is allowed),
                    // relative to var + eps that is rstd within half of it, plus the square root and division
                    double eMean = gamma(n) * meanAbs, relRstd = gamma(n + 2) * meanSq * rstd * rstd + 2 * gamma(n) * meanAbs * Math.abs(mean) * rstd * rstd + 3 * U;
                    double[] xhat = new double[n], eX = new double[n], dh = new double[n];
                    double meanDh = 0, meanDhAbs = 0, meanDhX = 0, meanDhXAbs = 0, meanDhErr = 0;
                    for (int i = 0; i < n; i++) {
                        xhat[i] = (xv[o + i] - mean) * rstd;
                        eX[i] = eMean * rstd + Math.abs(xhat[i]) * (relRstd + 2 * U);
                        ey[o + i] = xhat[i] * wv[i] + bv[i];
                        ty[o + i] = 2 * (Math.abs(wv[i]) * eX[i] + 2 * U * (Math.abs(xhat[i] * wv[i]) + Math.abs(ey[o + i])));
                        dh[i] = gv[o + i] * wv[i];
                        meanDh += dh[i] / n;
                        meanDhAbs += Math.abs(dh[i]) / n;
                        meanDhX += dh[i] * xhat[i] / n;
                        meanDhXAbs += Math.abs(dh[i] * xhat[i]) / n;
                        meanDhErr += Math.abs(dh[i]) * eX[i] / n;
                        edw[i] += gv[o + i] * xhat[i];
                        tdw[i] += 2 * (gamma(rows + 2) * Math.abs(gv[o + i] * xhat[i]) + Math.abs(gv[o + i]) * eX[i]);
                        edb[i] += gv[o + i];
                        tdb[i] += 2 * gamma(rows + 2) * Math.abs(gv[o + i]);
                    }
                    for (int i = 0; i < n; i++) {
                        // dx = rstd·(dŷ - mean(dŷ) - x̂·mean(dŷ·x̂)), dŷ = dy·w
                        double bracket = dh[i] - meanDh - xhat[i] * meanDhX;
                        edx[o + i] = rstd * bracket;
                        double err = relRstd * (Math.abs(dh[i]) + meanDhAbs + Math.abs(xhat[i]) * meanDhXAbs) + 2 * U * Math.abs(dh[i])
                                + gamma(n + 2) * meanDhAbs + eX[i] * meanDhXAbs
                                + Math.abs(xhat[i]) * (gamma(n + 2) * meanDhXAbs + meanDhErr);
                        tdx[o + i] = 2 * (rstd * err + 2 * U * Math.abs(edx[o + i]));
                    }
                }
                Sweep.assertWithin(ey, y.toDoubleArray(), ty, what);
                Sweep.assertWithin(edx, x.grad(), tdx, what + " grad input");
                Sweep.assertWithin(edw, w.grad(), tdw, what + " grad weight");
                Sweep.assertWithin(edb, b.grad(), tdb, what + " grad bias");
            }
        });
    }

    /** The values of t as rows along {@code dim} of a 2-D tensor: (other, len) in row-major order. */
    private static double[] rowsOf(Tensor t, int dim) {
        return (dim == 1 ? t : t.t()).toDoubleArray();
    }
}
