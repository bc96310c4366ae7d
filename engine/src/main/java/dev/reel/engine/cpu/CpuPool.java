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

    static void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        Tensor xc = CpuElementwise.dense(x);
        int[] xs = xc.shape(), ys = y.shape();
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
