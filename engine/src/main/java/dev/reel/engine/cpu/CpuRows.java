package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise kernels over a contiguous (R, N) matrix: softmax, log-softmax and layer norm, each one
 * trip through memory per row (the row is read from memory once and stays in L1 for the few
 * passes over it; the result is written once). F32 rows run in {@code FloatVector} lanes; F64, and
 * every row under {@code -Dreel.simd=false}, run the scalar twin, which accumulates in double.
 *
 * <pre>
 *   softmax:      m = max x (0 if not finite);  y = e^(x-m) / Σ e^(x-m)
 *   log-softmax:  y = (x - m) - log Σ e^(x-m)
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
            for (int r = lo; r < hi; r++) {
                if (fast) softmaxRow((float[]) xa, xo + r * n, (float[]) ya, yo + r * n, n, log);
                else softmaxRowScalar(xa, xo + r * n, ya, yo + r * n, n, log);
            }
        });
    }

    private static void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        int bound = FS.loopBound(n), i = 0;
        // find the maximum (for numerical stability)
        FloatVector mv = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += FS.length()) mv = mv.max(FloatVector.fromArray(FS, x, xo + i));
        float m = mv.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[xo + i]);   // Math.max propagates NaN, as the vector max does
        if (!Float.isFinite(m)) m = 0;
        // exponentiate and sum (softmax keeps the exponentials in y)
        FloatVector sv = FloatVector.zero(FS);
        for (i = 0; i < bound; i += FS.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FS, x, xo + i).sub(m));
            if (!log) e.intoArray(y, yo + i);
            sv = sv.add(e);
        }
        float sum = VectorMath.sum(sv);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - m);
            if (!log) y[yo + i] = e;
            sum += e;
        }
        if (log) {
            // (x - m) - log Σ, not x - (m + log Σ): the sum m + log Σ would round away log Σ's low bits when |m| is large
            float logSum = (float) Math.log(sum);
            for (i = 0; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).sub(m).sub(logSum).intoArray(y, yo + i);
            for (; i < n; i++) y[yo + i] = (x[xo + i] - m) - logSum;
        } else {
            float inv = 1f / sum;
            for (i = 0; i < bound; i += FS.length()) FloatVector.fromArray(FS, y, yo + i).mul(inv).intoArray(y, yo + i);
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
