package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolution with bias, forward and its three gradients through autograd, against a direct F64
 * loop ({@link Oracle}): conv2d on random channel counts and planes from {@link Sweep#SIZES}, kernel
 * 1, 3 or 5, stride 1 or 2, padding 0..2; conv1d and conv3d with groups and dilation; the input
 * transposed or row-strided, the weight a permuted view, the output gradient any layout, 1..4
 * threads. Bounds from the length of each sum: output Cin/groups·kvol + 1 terms, input gradient
 * Cout/groups·kvol, weight gradient N·outputs (+N: it may be summed per sample first), bias
 * gradient N·outputs.
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
                Oracle o = new Oracle(n, cin, cout, new int[] {1, h, w}, new int[] {1, kk, kk}, new int[] {1, stride, stride},
                        new int[] {0, pad, pad}, new int[] {1, 1, 1}, 1);
                Sweep.Input x = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, n, cin, h, w);
                // weight stored (Cout, kh, kw, Cin), seen as (Cout, Cin, kh, kw)
                Tensor wLeaf = Tensor.randn(g, cout, kk, kk, cin).requiresGrad_(true);
                Tensor wt = wLeaf.permute(0, 3, 1, 2);
                Sweep.Input bias = Sweep.Input.of(g, 2, true, cout);
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, n, cout, o.out[1], o.out[2]);

                Tensor y = F.conv2d(x.view(), wt, bias.view(), stride, pad);
                y.backward(dy.view());
                String what = "conv2d N=" + n + " Cin=" + cin + " Cout=" + cout + " " + h + "x" + w + " k=" + kk + " s=" + stride
                        + " p=" + pad + " threads=" + threads;
                o.run(x.values(), wt.toDoubleArray(), bias.values(), dy.values());
                o.check(y, x.grad(), wLeaf.grad().permute(0, 3, 1, 2).toDoubleArray(), bias.grad(), what);
            }
        });
    }

    @Test
    void conv1dAndConv3dWithGroupsAndDilationMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(250 + threads);
            Generator g = new Generator(25 + threads);
            for (int c = 0; c < 4; c++) {
                boolean threeD = c % 2 == 1;
                int groups = Sweep.pick(rnd, 1, 2, 3), n = Sweep.pick(rnd, 1, 2);
                int cin = groups * Sweep.pick(rnd, 1, 2, 3, 7), cout = groups * Sweep.pick(rnd, 1, 2, 3, 7);
                int dims = threeD ? 3 : 1;
                int[] in = new int[3], k = new int[3], s = new int[3], p = new int[3], d = new int[3];
                for (int i = 0; i < 3; i++) {
                    boolean used = i >= 3 - dims;
                    k[i] = used ? Sweep.pick(rnd, 1, 2, 3) : 1;
                    s[i] = used ? Sweep.pick(rnd, 1, 2) : 1;
                    d[i] = used ? Sweep.pick(rnd, 1, 2) : 1;
                    p[i] = used ? rnd.nextInt(2) : 0;
                    in[i] = used ? Sweep.size(rnd, threeD ? 17 : 129) + d[i] * (k[i] - 1) : 1;
                }
                Oracle o = new Oracle(n, cin, cout, in, k, s, p, d, groups);
                int[] xShape = threeD ? new int[] {n, cin, in[0], in[1], in[2]} : new int[] {n, cin, in[2]};
                int[] wShape = threeD ? new int[] {cout, cin / groups, k[0], k[1], k[2]} : new int[] {cout, cin / groups, k[2]};
                int[] yShape = threeD ? new int[] {n, cout, o.out[0], o.out[1], o.out[2]} : new int[] {n, cout, o.out[2]};
                Sweep.Input x = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, xShape);
                Sweep.Input w = Sweep.Input.of(g, rnd.nextInt(3), true, wShape);
                Sweep.Input bias = Sweep.Input.of(g, 2, true, cout);
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, yShape);
                int from = 3 - dims;
                int[] ss = java.util.Arrays.copyOfRange(s, from, 3), pp = java.util.Arrays.copyOfRange(p, from, 3);
                int[] dd = java.util.Arrays.copyOfRange(d, from, 3);
                Tensor y = threeD ? F.conv3d(x.view(), w.view(), bias.view(), ss, pp, dd, groups)
                        : F.conv1d(x.view(), w.view(), bias.view(), ss, pp, dd, groups);
                y.backward(dy.view());
                String what = (threeD ? "conv3d" : "conv1d") + " N=" + n + " Cin=" + cin + " Cout=" + cout + " groups=" + groups
                        + " in=" + java.util.Arrays.toString(in) + " k=" + java.util.Arrays.toString(k) + " s=" + java.util.Arrays.toString(s)
                        + " p=" + java.util.Arrays.toString(p) + " d=" + java.util.Arrays.toString(d) + " threads=" + threads;
                o.run(x.values(), w.values(), bias.values(), dy.values());
                o.check(y, x.grad(), w.grad(), bias.grad(), what);
            }
        });
    }

    /**
     * Stride-1 convolutions with at least 16 channels on each side and a depth of 64 or more, the
     * ones whose forward and input gradient run as shifted implicit GEMMs on a padded grid (see
     * CpuConv): padding below, at and (for the forward) above dil·(k-1)/2, dilation, groups, planes
     * narrower and wider than a register tile.
     */
    @Test
    void wideStride1ConvolutionsMatchTheF64Loops() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(300 + threads);
            Generator g = new Generator(30 + threads);
            for (int c = 0; c < 3; c++) {
                int groups = c == 2 ? 2 : 1, n = Sweep.pick(rnd, 1, 2);
                int cin = groups * Sweep.pick(rnd, 16, 17, 19), cout = groups * Sweep.pick(rnd, 16, 31, 33);
                int kk = Sweep.pick(rnd, 2, 3), dil = Sweep.pick(rnd, 1, 2), pad = rnd.nextInt(dil * (kk - 1) + 2);
                int h = Sweep.pick(rnd, 1, 7, 17) + dil * (kk - 1), w = Sweep.pick(rnd, 3, 31, 33, 65) + dil * (kk - 1);
                Oracle o = new Oracle(n, cin, cout, new int[] {1, h, w}, new int[] {1, kk, kk}, new int[] {1, 1, 1},
                        new int[] {0, pad, pad}, new int[] {1, dil, dil}, groups);
                Sweep.Input x = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, n, cin, h, w);
                Sweep.Input wt = Sweep.Input.of(g, rnd.nextInt(3), true, cout, cin / groups, kk, kk);
                Sweep.Input bias = Sweep.Input.of(g, 2, true, cout);
                Sweep.Input dy = Sweep.Input.of(g, rnd.nextInt(3), false, n, cout, o.out[1], o.out[2]);
                Tensor y = F.conv2d(x.view(), wt.view(), bias.view(), new int[] {1, 1}, new int[] {pad, pad}, new int[] {dil, dil}, groups);
                y.backward(dy.view());
                String what = "conv2d N=" + n + " Cin=" + cin + " Cout=" + cout + " groups=" + groups + " " + h + "x" + w + " k=" + kk
                        + " p=" + pad + " d=" + dil + " threads=" + threads;
                o.run(x.values(), wt.values(), bias.values(), dy.values());
                o.check(y, x.grad(), wt.grad(), bias.grad(), what);
            }
        });
    }

    /**
     * The direct 3-D convolution (1-D and 2-D as 3-D with unit dims) with groups, stride, padding
     * and dilation, and its gradients, in F64, with the bound of each element.
     */
    private static final class Oracle {
        final int n, cin, cout, groups;
        final int[] in, k, s, p, d, out = new int[3];
        double[] y, ty, dx, tdx, dw, tdw, db, tdb;

        Oracle(int n, int cin, int cout, int[] in, int[] k, int[] s, int[] p, int[] d, int groups) {
            this.n = n;
            this.cin = cin;
            this.cout = cout;
            this.in = in;
            this.k = k;
            this.s = s;
            this.p = p;
            this.d = d;
            this.groups = groups;
            for (int i = 0; i < 3; i++) out[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
        }

        void run(double[] x, double[] w, double[] b, double[] dyv) {
            int cg = cin / groups, og = cout / groups, kvol = k[0] * k[1] * k[2], outs = out[0] * out[1] * out[2];
            int ins = in[0] * in[1] * in[2];
            y = new double[n * cout * outs];
            ty = new double[y.length];
            dx = new double[n * cin * ins];
            double[] dxAbs = new double[dx.length];
            dw = new double[cout * cg * kvol];
            double[] dwAbs = new double[dw.length];
            db = new double[cout];
            double[] dbAbs = new double[cout];
            for (int b0 = 0; b0 < n; b0++) {
                for (int co = 0; co < cout; co++) {
                    int grp = co / og;
                    for (int o = 0; o < outs; o++) {
                        int oz = o / (out[1] * out[2]), oy = o / out[2] % out[1], ox = o % out[2];
                        int yi = (b0 * cout + co) * outs + o;
                        double sum = b[co], abs = Math.abs(b[co]), gy = dyv[yi];
                        db[co] += gy;
                        dbAbs[co] += Math.abs(gy);
                        for (int cl = 0; cl < cg; cl++) {
                            int ci = grp * cg + cl;
                            for (int t = 0; t < kvol; t++) {
                                int kz = t / (k[1] * k[2]), ky = t / k[2] % k[1], kx = t % k[2];
                                int iz = oz * s[0] + kz * d[0] - p[0], iy = oy * s[1] + ky * d[1] - p[1], ix = ox * s[2] + kx * d[2] - p[2];
                                if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2]) continue;
                                int xi = (b0 * cin + ci) * ins + (iz * in[1] + iy) * in[2] + ix, wi = (co * cg + cl) * kvol + t;
                                sum += x[xi] * w[wi];
                                abs += Math.abs(x[xi] * w[wi]);
                                dx[xi] += gy * w[wi];
                                dxAbs[xi] += Math.abs(gy * w[wi]);
                                dw[wi] += gy * x[xi];
                                dwAbs[wi] += Math.abs(gy * x[xi]);
                            }
                        }
                        y[yi] = sum;
                        ty[yi] = gamma(cg * kvol + 3) * abs;
                    }
                }
            }
            tdx = scaled(dxAbs, gamma(og * kvol + 2));
            tdw = scaled(dwAbs, gamma(n * outs + n + 2));
            tdb = scaled(dbAbs, gamma(n * outs + 2));
        }

        void check(Tensor yGot, double[] dxGot, double[] dwGot, double[] dbGot, String what) {
            Sweep.assertWithin(y, yGot.toDoubleArray(), ty, what);
            Sweep.assertWithin(dx, dxGot, tdx, what + " grad input");
            Sweep.assertWithin(dw, dwGot, tdw, what + " grad weight");
            Sweep.assertWithin(db, dbGot, tdb, what + " grad bias");
        }

        private static double[] scaled(double[] abs, double gamma) {
            double[] t = new double[abs.length];
            for (int i = 0; i < t.length; i++) t[i] = gamma * abs[i];
            return t;
        }
    }
}
