package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.gemm.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention on the CPU, flash-attention style (see
 * {@code dev.reel.engine.ops.AttentionOps} for the semantics).
 *
 * <p>Forward, per batch item and block of {@value #BR} queries: for each block of {@value #BC}
 * keys, S = Q·Kᵀ (a small GEMM into a BR×BC buffer), scale and mask S, then the online softmax:
 * the running row maximum m and sum l are updated, the output accumulator rescaled by e^(m_old -
 * m_new), and P·V added (a second GEMM). The (L, S) matrix never exists; the output is acc / l and
 * the saved log-sum-exp is m + log l. Causal blocks entirely above the diagonal are skipped.
 *
 * <p>Backward recomputes P = e^(S - lse) block by block and accumulates, with D = rowsum(dO ⊙ O):
 * dV += Pᵀ·dO, dS = P ⊙ (dO·Vᵀ - D)·scale, dQ += dS·K, dK += dSᵀ·Q (four small GEMMs per block).
 * Work is split across batch items (and query blocks in forward).
 *
 * <p>F32 takes this path; F64 and {@code -Dreel.simd=false} take the scalar twin at the end, a
 * row-at-a-time two-pass softmax in double that is the reference.
 */
final class CpuAttention {
    private CpuAttention() {}

    static final int BR = 64, BC = 128;
    private static final VectorSpecies<Float> FS = VectorLoops.FS;
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** A (batch..., rows, cols) operand with unit inner stride: element (n, r, c) at off[n] + r·ld + c. */
    private record Mat(Object a, int[] off, int ld, int rows, int cols) {
        static Mat of(Tensor t) {
            int d = t.dim();
            int rows = t.size(d - 2), cols = t.size(d - 1);
            Tensor u = t;
            boolean unitInner = t.stride(d - 1) == 1 || cols == 1;
            boolean rowsApart = rows == 1 || t.stride(d - 2) >= cols;
            if (!unitInner || !rowsApart) u = CpuElementwise.dense(t);
            int ld = rows == 1 ? cols : u.stride(d - 2);
            return new Mat(((CpuStorage) u.storage()).array(), batchOffsets(u), Math.max(ld, cols), rows, cols);
        }

        float[] f() { return (float[]) a; }

        double get(int i) { return a instanceof float[] f ? f[i] : ((double[]) a)[i]; }

        void add(int i, double v) {
            if (a instanceof float[] f) f[i] += (float) v;
            else ((double[]) a)[i] += v;
        }

        void set(int i, double v) {
            if (a instanceof float[] f) f[i] = (float) v;
            else ((double[]) a)[i] = v;
        }
    }

    /** The mask as a per-(n, i, j) bias: 0 to keep, -∞ to drop, or the float added. */
    private record Mask(Object a, int[] off, int si, int sj) {
        static Mask of(Tensor m) {
            if (m == null) return null;
            int d = m.dim();
            return new Mask(((CpuStorage) m.storage()).array(), batchOffsets(m), m.stride(d - 2), m.stride(d - 1));
        }

        double bias(int n, int i, int j) {
            int p = off[n] + i * si + j * sj;
            return switch (a) {
                case byte[] b -> b[p] != 0 ? 0 : Double.NEGATIVE_INFINITY;
                case float[] f -> f[p];
                default -> ((double[]) a)[p];
            };
        }
    }

    /** The storage offset of each batch item (all dims but the last two, flattened row-major). */
    static int[] batchOffsets(Tensor t) {
        int d = t.dim(), nb = d - 2, n = 1;
        int[] shape = t.shape(), st = t.strides();
        for (int i = 0; i < nb; i++) n *= shape[i];
        int[] off = new int[n];
        for (int b = 0; b < n; b++) {
            int rem = b, o = t.offset();
            for (int i = nb - 1; i >= 0; i--) {
                o += (rem % shape[i]) * st[i];
                rem /= shape[i];
            }
            off[b] = o;
        }
        return off;
    }

    private static boolean fast(Tensor q) { return VectorLoops.SIMD && q.dtype() == DType.F32; }

    // ---------------------------------------------------------------- forward

    static void forward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        forward(q, k, v, mask, causal, scale, out, lse, fast(q));
    }

    static void forward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse, boolean vector) {
        Mat Q = Mat.of(q), K = Mat.of(k), V = Mat.of(v), O = Mat.of(out), LSE = Mat.of(lse.unsqueeze(-1));
        Mask M = Mask.of(mask);
        int n = Q.off.length, l = Q.rows;
        if (n == 0 || l == 0) return;
        if (!vector) {
            Parallel.forRange(0, n, 1, (lo, hi) -> { for (int b = lo; b < hi; b++) forwardScalar(Q, K, V, M, causal, scale, O, LSE, b); });
            return;
        }
        int qBlocks = (l + BR - 1) / BR;
        Parallel.forRange(0, n * qBlocks, 1, (lo, hi) -> {
            float[] s = new float[BR * BC], acc = new float[BR * V.cols], m = new float[BR], sum = new float[BR];
            for (int item = lo; item < hi; item++) forwardBlock(Q, K, V, M, causal, (float) scale, O, LSE, item / qBlocks, item % qBlocks * BR, s, acc, m, sum);
        });
    }

    private static void forwardBlock(Mat Q, Mat K, Mat V, Mask M, boolean causal, float scale, Mat O, Mat LSE, int b, int i0,
                                     float[] s, float[] acc, float[] m, float[] sum) {
        int rows = Math.min(BR, Q.rows - i0), keys = K.rows, e = Q.cols, ev = V.cols;
        java.util.Arrays.fill(acc, 0, rows * ev, 0f);
        java.util.Arrays.fill(m, 0, rows, NEG_INF);
        java.util.Arrays.fill(sum, 0, rows, 0f);
        for (int j0 = 0; j0 < keys; j0 += BC) {
            if (causal && j0 > i0 + rows - 1) break; // every later key is in the future of every query here
            int cols = Math.min(BC, keys - j0);
            Gemm.sgemm(false, true, rows, cols, e, Q.f(), Q.off[b] + i0 * Q.ld, Q.ld, K.f(), K.off[b] + j0 * K.ld, K.ld, s, 0, BC, false);
            for (int r = 0; r < rows; r++) {
                int base = r * BC;
                biasRow(s, base, cols, scale, M, causal, b, i0 + r, j0);
                float mNew = Math.max(m[r], max(s, base, cols));
                if (mNew == NEG_INF) { // nothing kept so far in this row: contribute nothing
                    java.util.Arrays.fill(s, base, base + cols, 0f);
                    continue;
                }
                float alpha = (float) Math.exp(m[r] - mNew);   // 0 when m[r] was -∞
                sum[r] = sum[r] * alpha + expShiftSum(s, base, cols, mNew);
                if (alpha != 1f) scaleRow(acc, r * ev, ev, alpha);
                m[r] = mNew;
            }
            Gemm.sgemm(false, false, rows, ev, cols, s, 0, BC, V.f(), V.off[b] + j0 * V.ld, V.ld, acc, 0, ev, true);
        }
        float[] o = O.f(), ls = LSE.f();
        for (int r = 0; r < rows; r++) {
            int dst = O.off[b] + (i0 + r) * O.ld;
            float inv = sum[r] > 0 ? 1f / sum[r] : 0f;
            for (int c = 0; c < ev; c++) o[dst + c] = acc[r * ev + c] * inv;
            ls[LSE.off[b] + (i0 + r) * LSE.ld] = sum[r] > 0 ? m[r] + (float) Math.log(sum[r]) : NEG_INF;
        }
    }

    /** s = s·scale + bias for query i and keys j0.. (vector loop when there is no mask to apply). */
    private static void biasRow(float[] s, int base, int cols, float scale, Mask M, boolean causal, int b, int i, int j0) {
        scaleRow(s, base, cols, scale);
        if (M != null) {
            int p = M.off[b] + i * M.si + j0 * M.sj, sj = M.sj;
            switch (M.a) { // one type test per row, not per element
                case byte[] keep -> { for (int c = 0; c < cols; c++) if (keep[p + c * sj] == 0) s[base + c] = NEG_INF; }
                case float[] add -> { for (int c = 0; c < cols; c++) s[base + c] += add[p + c * sj]; }
                default -> { for (int c = 0; c < cols; c++) s[base + c] += (float) M.bias(b, i, j0 + c); }
            }
        } else if (causal && j0 + cols - 1 > i) {
            for (int c = Math.max(0, i - j0 + 1); c < cols; c++) s[base + c] = NEG_INF;
        }
    }

    private static float max(float[] s, int base, int n) {
        int c = 0;
        FloatVector mv = FloatVector.broadcast(FS, NEG_INF);
        for (; c < FS.loopBound(n); c += FS.length()) mv = mv.max(FloatVector.fromArray(FS, s, base + c));
        float mx = mv.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) mx = Math.max(mx, s[base + c]);
        return mx;
    }

    /** s = e^(s - shift) in place; returns the sum. */
    private static float expShiftSum(float[] s, int base, int n, float shift) {
        int c = 0;
        FloatVector acc = FloatVector.zero(FS);
        for (; c < FS.loopBound(n); c += FS.length()) {
            FloatVector p = VectorMath.exp(FloatVector.fromArray(FS, s, base + c).sub(shift));
            p.intoArray(s, base + c);
            acc = acc.add(p);
        }
        float total = VectorMath.sum(acc);
        for (; c < n; c++) {
            s[base + c] = (float) Math.exp(s[base + c] - shift);
            total += s[base + c];
        }
        return total;
    }

    private static void scaleRow(float[] a, int base, int n, float f) {
        int c = 0;
        for (; c < FS.loopBound(n); c += FS.length()) FloatVector.fromArray(FS, a, base + c).mul(f).intoArray(a, base + c);
        for (; c < n; c++) a[base + c] *= f;
    }

    // ---------------------------------------------------------------- backward

    static void backward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse, Tensor dOut,
                         Tensor dq, Tensor dk, Tensor dv) {
        backward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv, fast(q));
    }

    static void backward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse, Tensor dOut,
                         Tensor dq, Tensor dk, Tensor dv, boolean vector) {
        Mat Q = Mat.of(q), K = Mat.of(k), V = Mat.of(v), O = Mat.of(out), LSE = Mat.of(lse.unsqueeze(-1)), G = Mat.of(dOut);
        Mat DQ = Mat.of(dq), DK = Mat.of(dk), DV = Mat.of(dv);
        Mask M = Mask.of(mask);
        int n = Q.off.length;
        if (n == 0 || Q.rows == 0) return;
        if (!vector) {
            Parallel.forRange(0, n, 1, (lo, hi) -> {
                for (int b = lo; b < hi; b++) backwardScalar(Q, K, V, M, causal, scale, O, LSE, G, DQ, DK, DV, b);
            });
            return;
        }
        Parallel.forRange(0, n, 1, (lo, hi) -> {
            float[] p = new float[BR * BC], ds = new float[BR * BC], d = new float[Q.rows];
            for (int b = lo; b < hi; b++) backwardItem(Q, K, V, M, causal, (float) scale, O, LSE, G, DQ, DK, DV, b, p, ds, d);
        });
    }

    private static void backwardItem(Mat Q, Mat K, Mat V, Mask M, boolean causal, float scale, Mat O, Mat LSE, Mat G,
                                     Mat DQ, Mat DK, Mat DV, int b, float[] p, float[] ds, float[] d) {
        int l = Q.rows, keys = K.rows, e = Q.cols, ev = V.cols;
        float[] g = G.f(), o = O.f(), lse = LSE.f();
        for (int i = 0; i < l; i++) d[i] = dot(g, G.off[b] + i * G.ld, o, O.off[b] + i * O.ld, ev);
        for (int i0 = 0; i0 < l; i0 += BR) {
            int rows = Math.min(BR, l - i0);
            for (int j0 = 0; j0 < keys; j0 += BC) {
                if (causal && j0 > i0 + rows - 1) break;
                int cols = Math.min(BC, keys - j0);
                Gemm.sgemm(false, true, rows, cols, e, Q.f(), Q.off[b] + i0 * Q.ld, Q.ld, K.f(), K.off[b] + j0 * K.ld, K.ld, p, 0, BC, false);
                for (int r = 0; r < rows; r++) {
                    int base = r * BC;
                    float rowLse = lse[LSE.off[b] + (i0 + r) * LSE.ld];
                    if (rowLse == NEG_INF) {
                        java.util.Arrays.fill(p, base, base + cols, 0f);
                        continue;
                    }
                    biasRow(p, base, cols, scale, M, causal, b, i0 + r, j0);
                    expShiftSum(p, base, cols, rowLse);
                }
                // dV[j0..] += Pᵀ·dO[i0..]
                Gemm.sgemm(true, false, cols, ev, rows, p, 0, BC, g, G.off[b] + i0 * G.ld, G.ld, DV.f(), DV.off[b] + j0 * DV.ld, DV.ld, true);
                // dS = P ⊙ (dO·Vᵀ - D)·scale
                Gemm.sgemm(false, true, rows, cols, ev, g, G.off[b] + i0 * G.ld, G.ld, V.f(), V.off[b] + j0 * V.ld, V.ld, ds, 0, BC, false);
                for (int r = 0; r < rows; r++) {
                    int base = r * BC;
                    FloatVector dr = FloatVector.broadcast(FS, d[i0 + r]);
                    int c = 0;
                    for (; c < FS.loopBound(cols); c += FS.length()) {
                        FloatVector pv = FloatVector.fromArray(FS, p, base + c);
                        pv.mul(FloatVector.fromArray(FS, ds, base + c).sub(dr)).mul(scale).intoArray(ds, base + c);
                    }
                    for (; c < cols; c++) ds[base + c] = p[base + c] * (ds[base + c] - d[i0 + r]) * scale;
                }
                Gemm.sgemm(false, false, rows, e, cols, ds, 0, BC, K.f(), K.off[b] + j0 * K.ld, K.ld, DQ.f(), DQ.off[b] + i0 * DQ.ld, DQ.ld, true);
                Gemm.sgemm(true, false, cols, e, rows, ds, 0, BC, Q.f(), Q.off[b] + i0 * Q.ld, Q.ld, DK.f(), DK.off[b] + j0 * DK.ld, DK.ld, true);
            }
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int c = 0;
        FloatVector acc = FloatVector.zero(FS);
        for (; c < FS.loopBound(n); c += FS.length()) acc = FloatVector.fromArray(FS, a, ao + c).fma(FloatVector.fromArray(FS, b, bo + c), acc);
        float s = VectorMath.sum(acc);
        for (; c < n; c++) s += a[ao + c] * b[bo + c];
        return s;
    }

    // ---------------------------------------------------------------- scalar twin (double precision, one row at a time)

    private static double[] scoresScalar(Mat Q, Mat K, Mask M, boolean causal, double scale, int b, int i) {
        int keys = K.rows, e = Q.cols;
        double[] s = new double[keys];
        for (int j = 0; j < keys; j++) {
            double dot = 0;
            for (int c = 0; c < e; c++) dot += Q.get(Q.off[b] + i * Q.ld + c) * K.get(K.off[b] + j * K.ld + c);
            s[j] = dot * scale + (M != null ? M.bias(b, i, j) : causal && j > i ? Double.NEGATIVE_INFINITY : 0);
        }
        return s;
    }

    private static void forwardScalar(Mat Q, Mat K, Mat V, Mask M, boolean causal, double scale, Mat O, Mat LSE, int b) {
        int keys = K.rows, ev = V.cols;
        for (int i = 0; i < Q.rows; i++) {
            double[] s = scoresScalar(Q, K, M, causal, scale, b, i);
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            for (double x : s) m = Math.max(m, x);
            double[] acc = new double[ev];
            if (m != Double.NEGATIVE_INFINITY) {
                for (int j = 0; j < keys; j++) {
                    double p = Math.exp(s[j] - m);
                    sum += p;
                    for (int c = 0; c < ev; c++) acc[c] += p * V.get(V.off[b] + j * V.ld + c);
                }
            }
            for (int c = 0; c < ev; c++) O.set(O.off[b] + i * O.ld + c, sum > 0 ? acc[c] / sum : 0);
            LSE.set(LSE.off[b] + i * LSE.ld, sum > 0 ? m + Math.log(sum) : Double.NEGATIVE_INFINITY);
        }
    }

    private static void backwardScalar(Mat Q, Mat K, Mat V, Mask M, boolean causal, double scale, Mat O, Mat LSE, Mat G,
                                       Mat DQ, Mat DK, Mat DV, int b) {
        int keys = K.rows, e = Q.cols, ev = V.cols;
        for (int i = 0; i < Q.rows; i++) {
            double lse = LSE.get(LSE.off[b] + i * LSE.ld);
            if (lse == Double.NEGATIVE_INFINITY) continue;
            double[] s = scoresScalar(Q, K, M, causal, scale, b, i);
            double d = 0;
            for (int c = 0; c < ev; c++) d += G.get(G.off[b] + i * G.ld + c) * O.get(O.off[b] + i * O.ld + c);
            for (int j = 0; j < keys; j++) {
                double p = Math.exp(s[j] - lse);
                if (p == 0) continue;
                double dp = 0;
                for (int c = 0; c < ev; c++) {
                    double gc = G.get(G.off[b] + i * G.ld + c);
                    dp += gc * V.get(V.off[b] + j * V.ld + c);
                    DV.add(DV.off[b] + j * DV.ld + c, p * gc);
                }
                double dsij = p * (dp - d) * scale;
                for (int c = 0; c < e; c++) {
                    DQ.add(DQ.off[b] + i * DQ.ld + c, dsij * K.get(K.off[b] + j * K.ld + c));
                    DK.add(DK.off[b] + j * DK.ld + c, dsij * Q.get(Q.off[b] + i * Q.ld + c));
                }
            }
        }
    }
}
