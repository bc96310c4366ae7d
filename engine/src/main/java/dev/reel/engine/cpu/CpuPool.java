package dev.reel.engine.cpu;

import dev.reel.engine.Tensor;
import dev.reel.engine.backend.PoolGeometry;

/**
 * Max and average pooling over (N, C, D, H, W), fixed or adaptive windows.
 *
 * <p>The window of each output position is separable: per axis, a table lists the input
 * positions each output reads (already clipped to the input, dilation applied). Planes (n, c)
 * are split across threads.
 */
final class CpuPool {
    private CpuPool() {}

    /** Per axis: taps[o] = input positions read by output o; padCount[o] = window size counting padding. */
    private record Axis(int[][] taps, int[] padCount) {
        static Axis of(PoolGeometry g, int axis, int in, int out) {
            int[][] taps = new int[out][];
            int[] padCount = new int[out];
            for (int o = 0; o < out; o++) {
                if (g.adaptive()) {
                    int s = (int) Math.floor((double) o * in / out);
                    int e = (int) Math.ceil((double) (o + 1) * in / out);
                    taps[o] = range(s, e, 1, in);
                    padCount[o] = e - s;
                } else {
                    int k = g.kernel()[axis], st = g.stride()[axis], p = g.padding()[axis], dil = g.dilation()[axis];
                    int s = o * st - p;
                    int[] t = new int[k];
                    int n = 0;
                    for (int j = 0; j < k; j++) {
                        int pos = s + j * dil;
                        if (pos >= 0 && pos < in) t[n++] = pos;
                    }
                    taps[o] = java.util.Arrays.copyOf(t, n);
                    padCount[o] = Math.min(s + k, in + p) - s;
                }
            }
            return new Axis(taps, padCount);
        }

        private static int[] range(int s, int e, int step, int in) {
            int n = Math.max(0, Math.min(e, in) - s);
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = s + i * step;
            return r;
        }
    }

    private static Axis[] axes(PoolGeometry g, int[] in, int[] out) {
        return new Axis[] {Axis.of(g, 0, in[2], out[2]), Axis.of(g, 1, in[3], out[3]), Axis.of(g, 2, in[4], out[4])};
    }

    /**
     * True when every window is a whole kH×kW block inside a 2-D plane (no padding, dilation 1,
     * no depth, none clipped by ceil mode): then {@link #maxPool2dF32} needs no tap tables.
     */
    private static boolean plainWindows(PoolGeometry g, int[] xs, int[] ys) {
        if (g.adaptive() || xs[2] != 1 || ys[2] != 1 || g.kernel()[0] != 1) return false;
        int[] k = g.kernel(), st = g.stride(), p = g.padding(), d = g.dilation();
        return p[1] == 0 && p[2] == 0 && d[1] == 1 && d[2] == 1
                && (ys[3] - 1) * st[1] + k[1] <= xs[3] && (ys[4] - 1) * st[2] + k[2] <= xs[4];
    }

    static void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) { maxPool(g, x, y, indices, VectorLoops.SIMD); }

    /** {@code fast} = false forces the tap-table loop (the reference the tests compare against). */
    static void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices, boolean fast) {
        Tensor xc = CpuElementwise.dense(x);
        int[] xs = xc.shape(), ys = y.shape();
        if (fast && xc.dtype() == dev.reel.engine.DType.F32 && plainWindows(g, xs, ys)) {
            maxPool2dF32(g, xc, y, indices);
            return;
        }
        Axis[] ax = axes(g, xs, ys);
        CpuStorage xa = (CpuStorage) xc.storage(), ya = (CpuStorage) y.storage();
        long[] ia = ((CpuStorage) indices.storage()).i64();
        float[] xf = xc.dtype() == dev.reel.engine.DType.F32 ? xa.f32() : null;
        int inPlane = xs[2] * xs[3] * xs[4], outPlane = ys[2] * ys[3] * ys[4];
        Parallel.forRange(0, xs[0] * xs[1], 4, (lo, hi) -> {
            for (int plane = lo; plane < hi; plane++) {
                int xb = xc.offset() + plane * inPlane, o = y.offset() + plane * outPlane, io = indices.offset() + plane * outPlane;
                for (int oz = 0; oz < ys[2]; oz++) {
                    for (int oy = 0; oy < ys[3]; oy++) {
                        for (int ox = 0; ox < ys[4]; ox++, o++, io++) {
                            double best = Double.NEGATIVE_INFINITY;
                            int bestAt = -1;
                            search:
                            for (int z : ax[0].taps[oz]) {
                                for (int yy : ax[1].taps[oy]) {
                                    int rowAt = (z * xs[3] + yy) * xs[4];
                                    if (xf != null) {
                                        // F32 fast path: compare floats straight from the array
                                        for (int xx : ax[2].taps[ox]) {
                                            float v = xf[xb + rowAt + xx];
                                            if (v > best || bestAt < 0 || v != v) {
                                                best = v;
                                                bestAt = rowAt + xx;
                                                if (v != v) break search;
                                            }
                                        }
                                    } else {
                                        for (int xx : ax[2].taps[ox]) {
                                            double v = xa.get(xb + rowAt + xx);
                                            if (v > best || bestAt < 0 || Double.isNaN(v)) {
                                                best = v;
                                                bestAt = rowAt + xx;
                                                if (Double.isNaN(v)) break search;
                                            }
                                        }
                                    }
                                }
                            }
                            ya.set(o, best);
                            ia[io] = Math.max(bestAt, 0);
                        }
                    }
                }
            }
        });
    }

    /**
     * Max pooling of F32 planes with whole windows (see {@link #plainWindows}): the same winner as
     * the general loop's row-by-row scan (ties keep the first position, the first NaN wins). The work is one call per output row: a kernel whose loops all sit in one lambda
     * called once per op stays in the JIT's slow tiers (it only ever gets on-stack replacement).
     */
    private static void maxPool2dF32(PoolGeometry g, Tensor xc, Tensor y, Tensor indices) {
        int[] xs = xc.shape(), ys = y.shape();
        int h = xs[3], w = xs[4], oh = ys[3], ow = ys[4];
        int kh = g.kernel()[1], kw = g.kernel()[2], sy = g.stride()[1], sx = g.stride()[2];
        float[] xa = ((CpuStorage) xc.storage()).f32(), ya = ((CpuStorage) y.storage()).f32();
        long[] ia = ((CpuStorage) indices.storage()).i64();
        int inPlane = h * w, outPlane = oh * ow, xo = xc.offset(), yo = y.offset(), io = indices.offset();
        Parallel.forRange(0, xs[0] * xs[1] * oh, 64, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int plane = r / oh, oy = r % oh;
                int xb = xo + plane * inPlane, rowAt = oy * sy * w, o = plane * outPlane + oy * ow;
                if (kh == 2 && kw == 2) maxRow2x2(xa, xb, rowAt, w, sx, ow, ya, yo + o, ia, io + o);
                else maxRow(xa, xb, rowAt, w, sx, kh, kw, ow, ya, yo + o, ia, io + o);
            }
        });
    }

    /**
     * An int that orders floats as the general loop's rule does: by value, -0 equal to +0, every
     * NaN above everything and equal to each other. Comparing these keys with {@code >} keeps the
     * first of equal taps and the first NaN, and compiles to conditional moves: the float
     * comparisons with a NaN test were branches, coin flips on real data, and ran ten times slower.
     */
    private static int key(float f) {
        int b = Float.floatToIntBits(f + 0f);   // + 0f turns -0 into +0; floatToIntBits folds every NaN into one
        return b ^ ((b >> 31) & 0x7fffffff);    // negative floats: flip the magnitude bits so the order runs upward
    }

    /** One output row of 2×2 windows, as a small tree: (a, b), (c, d), then the two winners. */
    private static void maxRow2x2(float[] xa, int xb, int rowAt, int w, int sx, int ow, float[] ya, int o, long[] ia, int io) {
        for (int ox = 0; ox < ow; ox++) {
            int q = rowAt + ox * sx, p = xb + q;
            int a = key(xa[p]), b = key(xa[p + 1]), c = key(xa[p + w]), d = key(xa[p + w + 1]);
            int k1 = b > a ? 1 : 0, k2 = d > c ? w + 1 : w;
            int at = q + (Math.max(c, d) > Math.max(a, b) ? k2 : k1);
            ya[o + ox] = xa[xb + at];
            ia[io + ox] = at;
        }
    }

    /** One output row of kh×kw windows, scanned in order with the same keys. */
    private static void maxRow(float[] xa, int xb, int rowAt, int w, int sx, int kh, int kw, int ow,
                               float[] ya, int o, long[] ia, int io) {
        for (int ox = 0; ox < ow; ox++) {
            int first = rowAt + ox * sx, at = first;
            int best = key(xa[xb + first]);
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = ky == 0 ? 1 : 0, p = first + ky * w + kx; kx < kw; kx++, p++) {
                    int v = key(xa[xb + p]);
                    at = v > best ? p : at;
                    best = Math.max(best, v);
                }
            }
            ya[o + ox] = xa[xb + at];
            ia[io + ox] = at;
        }
    }

    private static double divisor(PoolGeometry g, Axis[] ax, int oz, int oy, int ox) {
        if (g.divisorOverride() > 0) return g.divisorOverride();
        if (g.countIncludePad() && !g.adaptive()) {
            return (double) ax[0].padCount[oz] * ax[1].padCount[oy] * ax[2].padCount[ox];
        }
        return (double) ax[0].taps[oz].length * ax[1].taps[oy].length * ax[2].taps[ox].length;
    }

    static void avgPool(PoolGeometry g, Tensor x, Tensor y) {
        Tensor xc = CpuElementwise.dense(x);
        int[] xs = xc.shape(), ys = y.shape();
        Axis[] ax = axes(g, xs, ys);
        CpuStorage xa = (CpuStorage) xc.storage(), ya = (CpuStorage) y.storage();
        int inPlane = xs[2] * xs[3] * xs[4], outPlane = ys[2] * ys[3] * ys[4];
        Parallel.forRange(0, xs[0] * xs[1], 4, (lo, hi) -> {
            for (int plane = lo; plane < hi; plane++) {
                int xb = xc.offset() + plane * inPlane, o = y.offset() + plane * outPlane;
                for (int oz = 0; oz < ys[2]; oz++) {
                    for (int oy = 0; oy < ys[3]; oy++) {
                        for (int ox = 0; ox < ys[4]; ox++, o++) {
                            double sum = 0;
                            for (int z : ax[0].taps[oz]) {
                                for (int yy : ax[1].taps[oy]) {
                                    int rowAt = xb + (z * xs[3] + yy) * xs[4];
                                    for (int xx : ax[2].taps[ox]) sum += xa.get(rowAt + xx);
                                }
                            }
                            ya.set(o, sum / divisor(g, ax, oz, oy, ox));
                        }
                    }
                }
            }
        });
    }

    static void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx) {
        Tensor dyc = CpuElementwise.dense(dy);
        int[] xs = dx.shape(), ys = dyc.shape();
        Axis[] ax = axes(g, xs, ys);
        CpuStorage da = (CpuStorage) dyc.storage(), xa = (CpuStorage) dx.storage();
        int inPlane = xs[2] * xs[3] * xs[4], outPlane = ys[2] * ys[3] * ys[4];
        Parallel.forRange(0, xs[0] * xs[1], 4, (lo, hi) -> {
            for (int plane = lo; plane < hi; plane++) {
                int xb = dx.offset() + plane * inPlane, o = dyc.offset() + plane * outPlane;
                for (int oz = 0; oz < ys[2]; oz++) {
                    for (int oy = 0; oy < ys[3]; oy++) {
                        for (int ox = 0; ox < ys[4]; ox++, o++) {
                            double v = da.get(o) / divisor(g, ax, oz, oy, ox);
                            for (int z : ax[0].taps[oz]) {
                                for (int yy : ax[1].taps[oy]) {
                                    int rowAt = xb + (z * xs[3] + yy) * xs[4];
                                    for (int xx : ax[2].taps[ox]) xa.set(rowAt + xx, xa.get(rowAt + xx) + v);
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
