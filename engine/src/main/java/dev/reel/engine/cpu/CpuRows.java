package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise kernels over a contiguous (R, N) matrix: softmax, log-softmax (and their gradients) and layer norm, each one
 * trip through memory per row (the row is read from memory once and stays in L1 for the few
 * passes over it; the result is written once). F32 rows run in {@code FloatVector} lanes; F64, and
 * every row under {@code -Dreel.simd=false}, run the scalar twin, which accumulates in double.
 *
 * <pre>
 *   softmax:      m = max x (0 if not finite);  y = e^(x-m) / Σ e^(x-m)
 *   log-softmax:  y = (x - m) - log Σ e^(x-m)
 *   gradients:    dx = y·(dy - Σ dy·y)  (softmax);  dx = dy - e^y·Σ dy  (log-softmax)
 *   layer norm:   μ = Σx/N;  σ² = Σ(x-μ)²/N;  y = (x-μ)/√(σ²+ε)·w + b
 * </pre>
 */
final class CpuRows {
    private CpuRows() {}

    private static final VectorSpecies<Float> FS = VectorLoops.FS;

    private static int grain(int n) { return Math.max(1, 16384 / Math.max(1, n)); }

    // ---------------------------------------------------------------- softmax

    static void softmax(Tensor x, boolean log, Tensor out) { softmax(x, log, out, VectorLoops.SIMD); }

    static void softmax(Tensor x, boolean log, Tensor out, boolean vector) {
        int rows = x.size(0), n = x.size(1);
        Object xa = ((CpuStorage) x.storage()).array(), ya = ((CpuStorage) out.storage()).array();
        int xo = x.offset(), yo = out.offset();
        boolean fast = vector && x.dtype() == DType.F32;
        Parallel.forRange(0, rows, grain(n), (lo, hi) -> {
            if (fast) {
                softmaxRows((float[]) xa, xo, (float[]) ya, yo, n, lo, hi, log);
            } else {
                for (int r = lo; r < hi; r++) softmaxRowScalar(xa, xo + r * n, ya, yo + r * n, n, log);
            }
        });
    }

    /**
     * Rows lo..hi-1. Each row is read from memory once, by the loop that exponentiates the row
     * before it and takes this row's maximum on the way: the loads that miss the cache then overlap
     * the exponentials (about 14 vector operations per 16 floats) instead of stalling a pass of
     * their own. The sum and the scaling run on the row while it is in L1.
     */
    private static void softmaxRows(float[] x, int xo, float[] y, int yo, int n, int lo, int hi, boolean log) {
        int bound = FS.loopBound(n);
        float mNext = rowMax(x, xo + lo * n, n);
        for (int r = lo; r < hi; r++) {
            int xr = xo + r * n, yr = yo + r * n;
            // the row after this one, or this row again (read from L1, the result unused) for the last
            int next = r + 1 < hi ? xr + n : xr;
            float m = mNext;
            if (!Float.isFinite(m)) {
                // +∞, or only -∞ and NaN: shifted by 0 as the composite op does; e^(x-0) can overflow here
                softmaxRowUnshifted(x, xr, y, yr, n, log);
                mNext = rowMax(x, next, n);
                continue;
            }
            // e^(x - m) ≤ 1 into y (log-softmax overwrites it below) and its sum; the next row's maximum
            FloatVector sv = FloatVector.zero(FS), mv = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
            int i = 0;
            for (; i < bound; i += FS.length()) {
                FloatVector e = VectorMath.expBounded(FloatVector.fromArray(FS, x, xr + i).sub(m));
                e.intoArray(y, yr + i);
                sv = sv.add(e);
                FloatVector v = FloatVector.fromArray(FS, x, next + i);
                mv = mv.blend(v, v.compare(VectorOperators.GT, mv));
            }
            float sum = VectorMath.sum(sv), mn = mv.reduceLanes(VectorOperators.MAX);
            for (; i < n; i++) {
                float e = (float) Math.exp(x[xr + i] - m);
                y[yr + i] = e;
                sum += e;
                if (x[next + i] > mn) mn = x[next + i];
            }
            mNext = mn;
            finishSoftmaxRow(x, xr, y, yr, n, m, sum, log);
        }
    }

    /**
     * The row's maximum, ignoring NaN: a NaN makes the row's sum NaN, so the row comes out NaN with
     * any finite shift, as with the composite's shift by 0. -∞ for a row of -∞ and NaN only.
     */
    private static float rowMax(float[] x, int xo, int n) {
        int bound = FS.loopBound(n), i = 0;
        // two chains: a compare and a blend per vector each, so the loop waits on neither's latency
        FloatVector a = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY), b = a;
        for (; i + FS.length() < bound; i += 2 * FS.length()) {
            FloatVector u = FloatVector.fromArray(FS, x, xo + i), v = FloatVector.fromArray(FS, x, xo + i + FS.length());
            a = a.blend(u, u.compare(VectorOperators.GT, a));
            b = b.blend(v, v.compare(VectorOperators.GT, b));
        }
        for (; i < bound; i += FS.length()) {
            FloatVector u = FloatVector.fromArray(FS, x, xo + i);
            a = a.blend(u, u.compare(VectorOperators.GT, a));
        }
        float m = a.blend(b, b.compare(VectorOperators.GT, a)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) if (x[xo + i] > m) m = x[xo + i];
        return m;
    }

    /** A row whose maximum is not finite, shifted by 0: the general {@link VectorMath#exp}. */
    private static void softmaxRowUnshifted(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        int bound = FS.loopBound(n), i = 0;
        FloatVector sv = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FS, x, xo + i));
            e.intoArray(y, yo + i);
            sv = sv.add(e);
        }
        float sum = VectorMath.sum(sv);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xo + i]);
            y[yo + i] = e;
            sum += e;
        }
        finishSoftmaxRow(x, xo, y, yo, n, 0f, sum, log);
    }

    /** y holds e^(x-m); scales it by 1/Σ (softmax) or overwrites it with (x - m) - log Σ (log-softmax). */
    private static void finishSoftmaxRow(float[] x, int xo, float[] y, int yo, int n, float m, float sum, boolean log) {
        int bound = FS.loopBound(n), i = 0;
        if (log) {
            // (x - m) - log Σ, not x - (m + log Σ): the sum m + log Σ would round away log Σ's low bits when |m| is large
            float logSum = (float) Math.log(sum);
            for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).sub(m).sub(logSum).intoArray(y, yo + i);
            for (; i < n; i++) y[yo + i] = (x[xo + i] - m) - logSum;
        } else {
            float inv = 1f / sum;
            for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, y, yo + i).mul(inv).intoArray(y, yo + i);
            for (; i < n; i++) y[yo + i] *= inv;
        }
    }

    private static double get(Object a, int i) { return a instanceof float[] f ? f[i] : ((double[]) a)[i]; }

    private static void set(Object a, int i, double v) {
        if (a instanceof float[] f) f[i] = (float) v;
        else ((double[]) a)[i] = v;
    }

    private static void softmaxRowScalar(Object x, int xo, Object y, int yo, int n, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = get(x, xo + i);
            m = Double.isNaN(v) || Double.isNaN(m) ? Double.NaN : Math.max(m, v);
        }
        if (!Double.isFinite(m)) m = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(get(x, xo + i) - m);
        double logSum = Math.log(sum);
        for (int i = 0; i < n; i++) {
            double v = get(x, xo + i);
            set(y, yo + i, log ? (v - m) - logSum : Math.exp(v - m) / sum);
        }
    }

    // ---------------------------------------------------------------- softmax backward

    static void softmaxBackward(Tensor y, Tensor dy, boolean log, Tensor dx) { softmaxBackward(y, dy, log, dx, VectorLoops.SIMD); }

    /** softmax: dx = y·(dy - Σ dy·y); log-softmax: dx = dy - e^y·Σ dy, per row of the contiguous (R, N) tensors. */
    static void softmaxBackward(Tensor y, Tensor dy, boolean log, Tensor dx, boolean vector) {
        int rows = y.size(0), n = y.size(1);
        Object ya = ((CpuStorage) y.storage()).array(), ga = ((CpuStorage) dy.storage()).array(), da = ((CpuStorage) dx.storage()).array();
        int yo = y.offset(), go = dy.offset(), dxo = dx.offset();
        boolean fast = vector && y.dtype() == DType.F32 && dy.dtype() == DType.F32 && dx.dtype() == DType.F32;
        Parallel.forRange(0, rows, grain(n), (lo, hi) -> {
            if (fast) {
                softmaxBackwardRows((float[]) ya, yo, (float[]) ga, go, (float[]) da, dxo, n, lo, hi, log);
            } else {
                for (int r = lo; r < hi; r++) softmaxBackwardRowScalar(ya, yo + r * n, ga, go + r * n, da, dxo + r * n, n, log);
            }
        });
    }

    /**
     * Rows lo..hi-1, each read from memory once: the loop that writes row r's gradient also takes
     * row r+1's reduction (Σ dy·y, or Σ dy for log-softmax), so that row's cache misses overlap
     * this row's arithmetic. {@link #backwardReduce} takes the first row's in the same order, so a
     * row's result does not depend on where a thread's range begins.
     */
    private static void softmaxBackwardRows(float[] y, int yo, float[] g, int go, float[] d, int dxo, int n, int lo, int hi, boolean log) {
        int bound = FS.loopBound(n);
        float sNext = backwardReduce(y, yo + lo * n, g, go + lo * n, n, log);
        for (int r = lo; r < hi; r++) {
            int yr = yo + r * n, gr = go + r * n, dr = dxo + r * n;
            // the next row, or this row again (from L1, the result unused) for the last
            int yn = r + 1 < hi ? yr + n : yr, gn = r + 1 < hi ? gr + n : gr;
            float s = sNext;
            FloatVector acc = FloatVector.zero(FS);
            int i = 0;
            if (log) {
                for (; i < bound; i += FS.length()) {
                    FloatVector p = VectorMath.expBounded(FloatVector.fromArray(FS, y, yr + i));
                    FloatVector.fromArray(FS, g, gr + i).sub(p.mul(s)).intoArray(d, dr + i);
                    acc = acc.add(FloatVector.fromArray(FS, g, gn + i));
                }
            } else {
                for (; i < bound; i += FS.length()) {
                    FloatVector yv = FloatVector.fromArray(FS, y, yr + i);
                    yv.mul(FloatVector.fromArray(FS, g, gr + i).sub(s)).intoArray(d, dr + i);
                    acc = FloatVector.fromArray(FS, y, yn + i).fma(FloatVector.fromArray(FS, g, gn + i), acc);
                }
            }
            float sn = VectorMath.sum(acc);
            for (; i < n; i++) {
                d[dr + i] = log ? g[gr + i] - (float) Math.exp(y[yr + i]) * s : y[yr + i] * (g[gr + i] - s);
                sn += log ? g[gn + i] : y[yn + i] * g[gn + i];
            }
            sNext = sn;
        }
    }

    /** Σ dy (log) or Σ dy·y of one row, in the order of the loop in {@link #softmaxBackwardRows}. */
    private static float backwardReduce(float[] y, int yo, float[] g, int go, int n, boolean log) {
        int bound = FS.loopBound(n), i = 0;
        FloatVector acc = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, go + i);
            acc = log ? acc.add(gv) : FloatVector.fromArray(FS, y, yo + i).fma(gv, acc);
        }
        float s = VectorMath.sum(acc);
        for (; i < n; i++) s += log ? g[go + i] : y[yo + i] * g[go + i];
        return s;
    }

    private static void softmaxBackwardRowScalar(Object y, int yo, Object g, int go, Object d, int dxo, int n, boolean log) {
        double s = 0;
        for (int i = 0; i < n; i++) s += log ? get(g, go + i) : get(g, go + i) * get(y, yo + i);
        for (int i = 0; i < n; i++) {
            double yv = get(y, yo + i), gv = get(g, go + i);
            set(d, dxo + i, log ? gv - Math.exp(yv) * s : yv * (gv - s));
        }
    }

    // ---------------------------------------------------------------- layer norm

    static void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        layerNorm(x, weight, bias, eps, out, mean, rstd, VectorLoops.SIMD);
    }

    static void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd, boolean vector) {
        int rows = x.size(0), n = x.size(1);
        Tensor w = weight == null ? null : CpuElementwise.dense(weight), b = bias == null ? null : CpuElementwise.dense(bias);
        Object xa = ((CpuStorage) x.storage()).array(), ya = ((CpuStorage) out.storage()).array();
        Object wa = w == null ? null : ((CpuStorage) w.storage()).array(), ba = b == null ? null : ((CpuStorage) b.storage()).array();
        Object ma = ((CpuStorage) mean.storage()).array(), ra = ((CpuStorage) rstd.storage()).array();
        int xo = x.offset(), yo = out.offset(), wo = w == null ? 0 : w.offset(), bo = b == null ? 0 : b.offset();
        int mo = mean.offset(), ro = rstd.offset();
        boolean fast = vector && x.dtype() == DType.F32;
        Parallel.forRange(0, rows, grain(n), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                double[] stats = fast
                        ? layerNormRow((float[]) xa, xo + r * n, (float[]) ya, yo + r * n, n, (float[]) wa, wo, (float[]) ba, bo, eps)
                        : layerNormRowScalar(xa, xo + r * n, ya, yo + r * n, n, wa, wo, ba, bo, eps);
                set(ma, mo + r, stats[0]);
                set(ra, ro + r, stats[1]);
            }
        });
    }

    /** Returns {mean, rstd}. */
    private static double[] layerNormRow(float[] x, int xo, float[] y, int yo, int n, float[] w, int wo, float[] b, int bo, double eps) {
        int bound = FS.loopBound(n), i = 0;
        FloatVector sv = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) sv = sv.add(FloatVector.fromArray(FS, x, xo + i));
        float sum = VectorMath.sum(sv);
        for (; i < n; i++) sum += x[xo + i];
        float mu = sum / n;
        // the variance from the centered values (two passes: no cancellation as in E[x²] - E[x]²)
        FloatVector qv = FloatVector.zero(FS);
        for (i = 0; i < bound; i += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, xo + i).sub(mu);
            qv = d.fma(d, qv);
        }
        float sq = VectorMath.sum(qv);
        for (; i < n; i++) sq += (x[xo + i] - mu) * (x[xo + i] - mu);
        float rs = (float) (1 / Math.sqrt(sq / n + eps));
        for (i = 0; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i).sub(mu).mul(rs);
            if (w != null) v = v.mul(FloatVector.fromArray(FS, w, wo + i));
            if (b != null) v = v.add(FloatVector.fromArray(FS, b, bo + i));
            v.intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = (x[xo + i] - mu) * rs;
            if (w != null) v *= w[wo + i];
            if (b != null) v += b[bo + i];
            y[yo + i] = v;
        }
        return new double[] {mu, rs};
    }

    private static double[] layerNormRowScalar(Object x, int xo, Object y, int yo, int n, Object w, int wo, Object b, int bo, double eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += get(x, xo + i);
        double mu = sum / n, sq = 0;
        for (int i = 0; i < n; i++) sq += (get(x, xo + i) - mu) * (get(x, xo + i) - mu);
        double rs = 1 / Math.sqrt(sq / n + eps);
        for (int i = 0; i < n; i++) {
            double v = (get(x, xo + i) - mu) * rs;
            if (w != null) v *= get(w, wo + i);
            if (b != null) v += get(b, bo + i);
            set(y, yo + i, v);
        }
        return new double[] {mu, rs};
    }
}
