package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code conv2d} with bias, forward and its three gradients through autograd, against a direct
 * 7-deep F64 loop: random channel counts and planes from {@link Sweep#SIZES}, kernel 1, 3 or 5,
 * stride 1 or 2, padding 0..2, the input transposed or row-strided, the weight a permuted view,
 * the output gradient any layout, 1..4 threads. Bounds from the length of each sum: output
 * Cin·kh·kw + 1 terms, input gradient Cout·kh·kw, weight gradient N·Ho·Wo, bias gradient N·Ho·Wo.
 */
class ConvSweepTest {
    @Test
    void conv2dAndItsGradientsMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(200 + threads);
            Generator g = new Generator(20 + threads);
            for (int c = 0; c < 5; c++) {
                int n = Sweep.pick(rnd, 1, 2, 3), cin = Sweep.size(rnd, 17), cout = Sweep.size(rnd, 33);
                int kk = Sweep.pick(rnd, 1, 3, 5), stride = Sweep.pick(rnd, 1, 2), pad = rnd.nextInt(Math.min(2, kk / 2) + 1);
                int h = Sweep.size(rnd, c == 4 ? 3 : 33), w = Sweep.size(rnd, c == 4 ? 129 : 33);
                if (h + 2 * pad < kk || w + 2 * pad < kk) {
                    h += kk;
                    w += kk;
                }
                int ho = (h + 2 * pad - kk) / stride + 1, wo = (w + 2 * pad - kk) / stride + 1;
                Sweep.Input x = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, n, cin, h, w);
                // weight stored (Cout, kh, kw, Cin), seen as (Cout, Cin, kh, kw)
                Tensor wLeaf = Tensor.randn(g, cout, kk, kk, cin).requiresGrad_(true);
                Tensor wt = wLeaf.permute(0, 3, 1, 2);
                Sweep.Input bias = Sweep.Input.of(g, 2, true, cout);
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, n, cout, ho, wo);

                Tensor y = F.conv2d(x.view(), wt, bias.view(), stride, pad);
                y.backward(dy.view());
                String what = "N=" + n + " Cin=" + cin + " Cout=" + cout + " " + h + "x" + w + " k=" + kk + " s=" + stride
                        + " p=" + pad + " threads=" + threads;
                Oracle o = new Oracle(n, cin, cout, h, w, kk, stride, pad, x.values(), wt.toDoubleArray(), bias.values(), dy.values());
                Sweep.assertWithin(o.y, y.toDoubleArray(), o.ty, "conv2d " + what);
                Sweep.assertWithin(o.dx, x.grad(), o.tdx, "conv2d grad input " + what);
                Sweep.assertWithin(o.dw, wLeaf.grad().permute(0, 3, 1, 2).toDoubleArray(), o.tdw, "conv2d grad weight " + what);
                Sweep.assertWithin(o.db, bias.grad(), o.tdb, "conv2d grad bias " + what);
            }
        });
    }

    /** The direct convolution and its gradients in F64, with the bound of each element. */
    private static final class Oracle {
        final double[] y, ty, dx, tdx, dw, tdw, db, tdb;

        Oracle(int n, int cin, int cout, int h, int w, int k, int s, int p, double[] x, double[] wt, double[] b, double[] dyv) {
            int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
            y = new double[n * cout * ho * wo];
            ty = new double[y.length];
            dx = new double[n * cin * h * w];
            double[] dxAbs = new double[dx.length];
            dw = new double[cout * cin * k * k];
            double[] dwAbs = new double[dw.length];
            db = new double[cout];
            double[] dbAbs = new double[cout];
            for (int in = 0; in < n; in++) {
                for (int co = 0; co < cout; co++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            int yi = ((in * cout + co) * ho + oy) * wo + ox;
                            double sum = b[co], abs = Math.abs(b[co]), gy = dyv[yi];
                            db[co] += gy;
                            dbAbs[co] += Math.abs(gy);
                            for (int ci = 0; ci < cin; ci++) {
                                for (int ky = 0; ky < k; ky++) {
                                    int iy = oy * s + ky - p;
                                    if (iy < 0 || iy >= h) continue;
                                    for (int kx = 0; kx < k; kx++) {
                                        int ix = ox * s + kx - p;
                                        if (ix < 0 || ix >= w) continue;
                                        int xi = ((in * cin + ci) * h + iy) * w + ix, wi = ((co * cin + ci) * k + ky) * k + kx;
                                        sum += x[xi] * wt[wi];
                                        abs += Math.abs(x[xi] * wt[wi]);
                                        dx[xi] += gy * wt[wi];
                                        dxAbs[xi] += Math.abs(gy * wt[wi]);
                                        dw[wi] += gy * x[xi];
                                        dwAbs[wi] += Math.abs(gy * x[xi]);
                                    }
                                }
                            }
                            y[yi] = sum;
                            ty[yi] = gamma(cin * k * k + 3) * abs;
                        }
                    }
                }
            }
            tdx = scaled(dxAbs, gamma(cout * k * k + 2));
            tdw = scaled(dwAbs, gamma(n * ho * wo + n + 2));   // may be summed per sample, then over N
            tdb = scaled(dbAbs, gamma(n * ho * wo + 2));
        }

        private static double[] scaled(double[] abs, double gamma) {
            double[] t = new double[abs.length];
            for (int i = 0; i < t.length; i++) t[i] = gamma * abs[i];
            return t;
        }
    }
}
