package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code max_pool2d} forward and backward against F64 loops: planes from {@link Sweep#SIZES} up to
 * 129, kernel 2 or 3, stride 1..3 (overlapping, tiling and gapped windows), padding 0 or 1, the
 * input transposed or row-strided, 1..4 threads. Values are distinct, so every window has one
 * winner: the forward must be exact; an input element's gradient sums the output gradients of
 * the windows it wins, at most ⌈k/s⌉² terms, within γ(terms + 1)·Σ|terms|. {@code avg_pool2d}
 * (with and without the padding counted) sums k² terms per output, γ(k² + 2)·Σ|x| / divisor, and
 * its gradient the shares of the windows covering an input, γ(terms + 2)·Σ|dy| / divisor.
 */
class PoolSweepTest {
    @Test
    void maxPool2dAndItsGradientMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(300 + threads);
            for (int c = 0; c < 6; c++) {
                int k = Sweep.pick(rnd, 2, 3), s = Sweep.pick(rnd, 1, 2, 3), p = rnd.nextInt(2);
                int h = Sweep.size(rnd, 129), w = Sweep.size(rnd, 129);
                if (h + 2 * p < k || w + 2 * p < k) {
                    h += k;
                    w += k;
                }
                int n = 2, ch = 3, ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
                int layout = 1 + rnd.nextInt(2);
                Tensor leaf = distinct(rnd, layout == 1 ? new int[] {n, ch, w, h} : new int[] {n, ch, h, 2 * w + 1}).requiresGrad_(true);
                Tensor x = layout == 1 ? leaf.transpose(2, 3) : leaf.narrow(3, 1, w);
                Sweep.Input dy = Sweep.Input.of(new Generator(c), rnd.nextInt(3), false, n, ch, ho, wo);
                Tensor y = F.maxPool2d(x, new int[] {k, k}, new int[] {s, s}, new int[] {p, p}, new int[] {1, 1}, false);
                y.backward(dy.view());
                String what = h + "x" + w + " k=" + k + " s=" + s + " p=" + p + " layout " + layout + " threads=" + threads;

                double[] xv = x.toDoubleArray(), g = dy.values();
                double[] ey = new double[n * ch * ho * wo], edx = new double[xv.length], abs = new double[xv.length];
                int[] terms = new int[xv.length];
                for (int plane = 0; plane < n * ch; plane++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            int best = -1;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * s + ky - p, ix = ox * s + kx - p;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    int i = (plane * h + iy) * w + ix;
                                    if (best < 0 || xv[i] > xv[best]) best = i;
                                }
                            }
                            int o = (plane * ho + oy) * wo + ox;
                            ey[o] = xv[best];
                            edx[best] += g[o];
                            abs[best] += Math.abs(g[o]);
                            terms[best]++;
                        }
                    }
                }
                assertArrayEquals(ey, y.toDoubleArray(), "max_pool2d " + what);
                double[] tol = new double[xv.length];
                for (int i = 0; i < tol.length; i++) tol[i] = Sweep.gamma(terms[i] + 1) * abs[i];
                double[] dx = layout == 1 ? leaf.grad().transpose(2, 3).toDoubleArray() : leaf.grad().narrow(3, 1, w).toDoubleArray();
                Sweep.assertWithin(edx, dx, tol, "max_pool2d grad " + what);
            }
        });
    }

    @Test
    void avgPool2dAndItsGradientMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(350 + threads);
            Generator gen = new Generator(35 + threads);
            for (int c = 0; c < 6; c++) {
                int k = Sweep.pick(rnd, 2, 3), s = Sweep.pick(rnd, 1, 2, 3), p = rnd.nextInt(2);
                boolean countPad = rnd.nextBoolean();
                int h = Sweep.size(rnd, 129) + k, w = Sweep.size(rnd, 129) + k;
                int n = 2, ch = 3, ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
                Sweep.Input x = Sweep.Input.of(gen, 1 + rnd.nextInt(2), true, n, ch, h, w);
                Sweep.Input dy = Sweep.Input.of(gen, rnd.nextInt(3), false, n, ch, ho, wo);
                Tensor y = F.avgPool2d(x.view(), new int[] {k, k}, new int[] {s, s}, new int[] {p, p}, false, countPad, 0);
                y.backward(dy.view());
                String what = "avg_pool2d " + h + "x" + w + " k=" + k + " s=" + s + " p=" + p + (countPad ? " counting padding" : "")
                        + " threads=" + threads;
                double[] xv = x.values(), g = dy.values();
                double[] ey = new double[n * ch * ho * wo], ty = new double[ey.length];
                double[] edx = new double[xv.length], abs = new double[xv.length];
                int[] terms = new int[xv.length];
                for (int plane = 0; plane < n * ch; plane++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            // the window clipped to the padded input (PyTorch's divisor with count_include_pad)
                            int y0 = oy * s - p, x0 = ox * s - p, y1 = Math.min(y0 + k, h + p), x1 = Math.min(x0 + k, w + p);
                            int padded = (y1 - y0) * (x1 - x0);
                            int ya = Math.max(y0, 0), xa = Math.max(x0, 0), yb = Math.min(y1, h), xb = Math.min(x1, w);
                            double div = countPad ? padded : (yb - ya) * (xb - xa);
                            int o = (plane * ho + oy) * wo + ox;
                            double sum = 0, sumAbs = 0;
                            for (int iy = ya; iy < yb; iy++) {
                                for (int ix = xa; ix < xb; ix++) {
                                    int i = (plane * h + iy) * w + ix;
                                    sum += xv[i];
                                    sumAbs += Math.abs(xv[i]);
                                    edx[i] += g[o] / div;
                                    abs[i] += Math.abs(g[o]) / div;
                                    terms[i]++;
                                }
                            }
                            ey[o] = sum / div;
                            ty[o] = Sweep.gamma(k * k + 2) * sumAbs / div;
                        }
                    }
                }
                Sweep.assertWithin(ey, y.toDoubleArray(), ty, what);
                double[] tol = new double[xv.length];
                for (int i = 0; i < tol.length; i++) tol[i] = Sweep.gamma(terms[i] + 2) * abs[i];
                Sweep.assertWithin(edx, x.grad(), tol, what + " grad");
            }
        });
    }

    /** A tensor of distinct values in random order (no ties, so each window has one winner). */
    private static Tensor distinct(SplittableRandom rnd, int[] shape) {
        int count = 1;
        for (int d : shape) count *= d;
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = i * 0.25f - count / 8f;
        for (int i = count - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.fromArray(v, shape);
    }
}
