package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention on the CPU, flash-attention style (see
 * {@code dev.reel.engine.ops.AttentionOps} for the semantics).
 *
 * <p>Forward, per batch item and block of {@value #BR} queries: for each block of {@value #BC}
 * keys, S = Q·Kᵀ into a BR×BC buffer, scale and mask S, then the online softmax: the running row
 * maximum m and sum l are updated, the output accumulator rescaled by e^(m_old - m_new), and P·V
 * added. The (L, S) matrix never exists; the output is acc / l and the saved log-sum-exp is
 * m + log l. Causal blocks entirely above the diagonal are skipped.
 *
 * <p>Backward recomputes P = e^(S - lse) block by block and accumulates, with D = rowsum(dO ⊙ O):
 * dV += Pᵀ·dO, dS = P ⊙ (dO·Vᵀ - D)·scale, dQ += dS·K, dK += dSᵀ·Q. Work is split across batch
 * items (and query blocks in forward).
 *
 * <p>The products are {@link AttentionTiles#mm}, which reads its A operand in place (q, k, v may be
 * strided views, e.g. heads of one packed projection) and its B and C operands as rows of whole
 * register tiles: in place where a head's width is a multiple of the tile (32 and 64 with 512-bit
 * vectors), else copied into per-thread scratch padded to whole tiles. Kᵀ and Vᵀ are always
 * copied. The copies cost O((L + S)·E) against the O(L·S·E) products; no general GEMM's packing.
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
            Workspace w = WORKSPACE.get();
            int gathered = -1;
            for (int item = lo; item < hi; item++) {
                int b = item / qBlocks;
                if (b != gathered) { // Kᵀ and V of this batch item, once for all its query blocks
                    w.gatherKeysValues(K, V, b);
                    gathered = b;
                }
                forwardBlock(Q, K, V, M, causal, (float) scale, O, LSE, b, item % qBlocks * BR, w);
            }
        });
    }

    /**
     * Per-thread scratch, reused across calls: Kᵀ of one batch item padded to whole register tiles
     * (E × S'), its V where V's rows are not whole tiles (S × Ev'), a block's scores and output
     * accumulator, and the backward's operands.
     */
    private static final class Workspace {
        float[] kT = new float[0], kP = new float[0], vT = new float[0], v = new float[0], q = new float[0], g = new float[0];
        float[] dq = new float[0], dk = new float[0], dv = new float[0], d = new float[0];
        final float[] s = new float[BR * BC], ds = new float[BR * BC], m = new float[BR], sum = new float[BR];
        float[] acc = new float[0];
        int sP, evP;
        /** V as the B operand of P·V: rows vOff + j·vLd of vArr. */
        float[] vArr;
        int vOff, vLd;

        private static float[] grow(float[] a, int n) { return a.length >= n ? a : new float[n]; }

        void gatherKeysValues(Mat K, Mat V, int b) {
            int keys = K.rows, e = K.cols, ev = V.cols;
            sP = AttentionTiles.padded(keys);
            evP = AttentionTiles.padded(ev);
            kT = grow(kT, e * sP);
            acc = grow(acc, BR * evP);
            AttentionTiles.gatherTransposed(keys, e, K.f(), K.off[b], K.ld, kT, sP);
            if (ev == evP) { // whole tiles: read in place
                vArr = V.f();
                vOff = V.off[b];
                vLd = V.ld;
            } else {
                v = grow(v, keys * evP);
                AttentionTiles.gatherRows(keys, ev, V.f(), V.off[b], V.ld, v, evP);
                vArr = v;
                vOff = 0;
                vLd = evP;
            }
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static void forwardBlock(Mat Q, Mat K, Mat V, Mask M, boolean causal, float scale, Mat O, Mat LSE, int b, int i0, Workspace w) {
        int rows = Math.min(BR, Q.rows - i0), keys = K.rows, e = Q.cols, ev = V.cols, evP = w.evP;
        float[] s = w.s, acc = w.acc, m = w.m, sum = w.sum;
        java.util.Arrays.fill(acc, 0, rows * evP, 0f);
        java.util.Arrays.fill(m, 0, rows, NEG_INF);
        java.util.Arrays.fill(sum, 0, rows, 0f);
        for (int j0 = 0; j0 < keys; j0 += BC) {
            if (causal && j0 > i0 + rows - 1) break; // every later key is in the future of every query here
            int cols = Math.min(BC, keys - j0);
            // S = Q·Kᵀ: Q read in place, Kᵀ from the padded scratch
            AttentionTiles.mm(rows, AttentionTiles.padded(cols), e, Q.f(), Q.off[b] + i0 * Q.ld, Q.ld, 1, w.kT, j0, w.sP, s, 0, BC, false);
            // Without a mask and with a positive scale, the scale is folded into the exponent:
            // max(s·scale) = max(s)·scale, and e^(s·scale - m) is one fma per element into exp.
            boolean folded = M == null && scale > 0;
            for (int r = 0; r < rows; r++) {
                int base = r * BC;
                if (folded) {
                    if (causal) causalRow(s, base, cols, i0 + r, j0);
                } else {
                    biasRow(s, base, cols, scale, M, causal, b, i0 + r, j0);
                }
                float rowMax = max(s, base, cols);
                float mNew = Math.max(m[r], folded ? rowMax * scale : rowMax);
                if (mNew == NEG_INF) { // nothing kept so far in this row: contribute nothing
                    java.util.Arrays.fill(s, base, base + cols, 0f);
                    continue;
                }
                float rowSum = folded ? expScaledShiftSum(s, base, cols, scale, mNew) : expShiftSum(s, base, cols, mNew);
                if (m[r] == NEG_INF) {
                    sum[r] = rowSum;   // the accumulator is still zero: nothing to rescale
                } else {
                    float alpha = (float) Math.exp(m[r] - mNew);
                    sum[r] = sum[r] * alpha + rowSum;
                    if (alpha != 1f) scaleRow(acc, r * evP, ev, alpha);
                }
                m[r] = mNew;
            }
            // acc += P·V
            AttentionTiles.mm(rows, evP, cols, s, 0, BC, 1, w.vArr, w.vOff + j0 * w.vLd, w.vLd, acc, 0, evP, true);
        }
        float[] o = O.f(), ls = LSE.f();
        for (int r = 0; r < rows; r++) {
            int dst = O.off[b] + (i0 + r) * O.ld, src = r * evP, c = 0;
            float inv = sum[r] > 0 ? 1f / sum[r] : 0f;
            for (; c < FS.loopBound(ev); c += FS.length()) FloatVector.fromArray(FS, acc, src + c).mul(inv).intoArray(o, dst + c);
            for (; c < ev; c++) o[dst + c] = acc[src + c] * inv;
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

    /** Keys after query i (j > i) set to -∞, unscaled. */
    private static void causalRow(float[] s, int base, int cols, int i, int j0) {
        if (j0 + cols - 1 > i) java.util.Arrays.fill(s, base + Math.max(0, i - j0 + 1), base + cols, NEG_INF);
    }

    /** s = e^(s·scale - shift) in place; returns the sum. */
    private static float expScaledShiftSum(float[] s, int base, int n, float scale, float shift) {
        int c = 0;
        FloatVector acc = FloatVector.zero(FS), sc = FloatVector.broadcast(FS, scale), sh = FloatVector.broadcast(FS, -shift);
        for (; c < FS.loopBound(n); c += FS.length()) {
            FloatVector p = VectorMath.exp(FloatVector.fromArray(FS, s, base + c).fma(sc, sh));
            p.intoArray(s, base + c);
            acc = acc.add(p);
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            s[base + c] = (float) Math.exp(Math.fma(s[base + c], scale, -shift));
            total += s[base + c];
        }
        return total;
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
        float total = acc.reduceLanes(VectorOperators.ADD);
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
            Workspace w = WORKSPACE.get();
            for (int b = lo; b < hi; b++) backwardItem(Q, K, V, M, causal, (float) scale, O, LSE, G, DQ, DK, DV, b, w);
        });
    }

    /**
     * One batch item. Kᵀ and Vᵀ (E × S', Ev × S') are copied into scratch for the score products;
     * K, Q and dO (the B operands of dQ, dK, dV) and dQ, dK, dV (their C operands) are used in
     * place when their rows are whole register tiles, else through scratch padded to whole tiles
     * (the gradients then added into the outputs at the end). The outputs start at zero.
     */
    private static void backwardItem(Mat Q, Mat K, Mat V, Mask M, boolean causal, float scale, Mat O, Mat LSE, Mat G,
                                     Mat DQ, Mat DK, Mat DV, int b, Workspace w) {
        int l = Q.rows, keys = K.rows, e = Q.cols, ev = V.cols;
        int sP = AttentionTiles.padded(keys), eP = AttentionTiles.padded(e), evP = AttentionTiles.padded(ev);
        boolean eWhole = e == eP, evWhole = ev == evP;
        w.kT = Workspace.grow(w.kT, e * sP);
        w.vT = Workspace.grow(w.vT, ev * sP);
        w.d = Workspace.grow(w.d, l);
        float[] kT = w.kT, vT = w.vT, d = w.d, p = w.s, ds = w.ds;
        float[] g = G.f(), o = O.f(), lse = LSE.f();
        AttentionTiles.gatherTransposed(keys, e, K.f(), K.off[b], K.ld, kT, sP);
        AttentionTiles.gatherTransposed(keys, ev, V.f(), V.off[b], V.ld, vT, sP);
        // B operands (rows of K, Q, dO) and C operands (dQ, dK, dV): array, offset of item b, row stride
        float[] kB = K.f(), qB = Q.f(), gB = g, dqC = DQ.f(), dkC = DK.f(), dvC = DV.f();
        int kO = K.off[b], kL = K.ld, qO = Q.off[b], qL = Q.ld, gO = G.off[b], gL = G.ld;
        int dqO = DQ.off[b], dqL = DQ.ld, dkO = DK.off[b], dkL = DK.ld, dvO = DV.off[b], dvL = DV.ld;
        if (!eWhole) {
            kB = w.kP = Workspace.grow(w.kP, keys * eP);
            qB = w.q = Workspace.grow(w.q, l * eP);
            dqC = w.dq = Workspace.grow(w.dq, l * eP);
            dkC = w.dk = Workspace.grow(w.dk, keys * eP);
            AttentionTiles.gatherRows(keys, e, K.f(), K.off[b], K.ld, kB, eP);
            AttentionTiles.gatherRows(l, e, Q.f(), Q.off[b], Q.ld, qB, eP);
            java.util.Arrays.fill(dqC, 0, l * eP, 0f);
            java.util.Arrays.fill(dkC, 0, keys * eP, 0f);
            kO = qO = dqO = dkO = 0;
            kL = qL = dqL = dkL = eP;
        }
        if (!evWhole) {
            gB = w.g = Workspace.grow(w.g, l * evP);
            dvC = w.dv = Workspace.grow(w.dv, keys * evP);
            AttentionTiles.gatherRows(l, ev, g, G.off[b], G.ld, gB, evP);
            java.util.Arrays.fill(dvC, 0, keys * evP, 0f);
            gO = dvO = 0;
            gL = dvL = evP;
        }
        for (int i = 0; i < l; i++) d[i] = dot(g, G.off[b] + i * G.ld, o, O.off[b] + i * O.ld, ev);
        for (int i0 = 0; i0 < l; i0 += BR) {
            int rows = Math.min(BR, l - i0);
            for (int j0 = 0; j0 < keys; j0 += BC) {
                if (causal && j0 > i0 + rows - 1) break;
                int cols = Math.min(BC, keys - j0), colsP = AttentionTiles.padded(cols);
                // P = e^(Q·Kᵀ·scale + bias - lse)
                AttentionTiles.mm(rows, colsP, e, Q.f(), Q.off[b] + i0 * Q.ld, Q.ld, 1, kT, j0, sP, p, 0, BC, false);
                for (int r = 0; r < rows; r++) {
                    int base = r * BC;
                    float rowLse = lse[LSE.off[b] + (i0 + r) * LSE.ld];
                    if (rowLse == NEG_INF) {
                        java.util.Arrays.fill(p, base, base + cols, 0f);
                        continue;
                    }
                    if (M == null && scale > 0) { // the scale folded into the exponent, as in forward
                        if (causal) causalRow(p, base, cols, i0 + r, j0);
                        expScaledShiftSum(p, base, cols, scale, rowLse);
                    } else {
                        biasRow(p, base, cols, scale, M, causal, b, i0 + r, j0);
                        expShiftSum(p, base, cols, rowLse);
                    }
                }
                // dV[j0..] += Pᵀ·dO[i0..]  (Pᵀ read in place: element (j, i) at p[i·BC + j])
                AttentionTiles.mm(cols, evP, rows, p, 0, 1, BC, gB, gO + i0 * gL, gL, dvC, dvO + j0 * dvL, dvL, true);
                // dS = P ⊙ (dO·Vᵀ - D)·scale
                AttentionTiles.mm(rows, colsP, ev, g, G.off[b] + i0 * G.ld, G.ld, 1, vT, j0, sP, ds, 0, BC, false);
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
                // dQ[i0..] += dS·K,  dK[j0..] += dSᵀ·Q
                AttentionTiles.mm(rows, eP, cols, ds, 0, BC, 1, kB, kO + j0 * kL, kL, dqC, dqO + i0 * dqL, dqL, true);
                AttentionTiles.mm(cols, eP, rows, ds, 0, 1, BC, qB, qO + i0 * qL, qL, dkC, dkO + j0 * dkL, dkL, true);
            }
        }
        if (!eWhole) {
            AttentionTiles.scatterAdd(l, e, dqC, eP, DQ.f(), DQ.off[b], DQ.ld);
            AttentionTiles.scatterAdd(keys, e, dkC, eP, DK.f(), DK.off[b], DK.ld);
        }
        if (!evWhole) AttentionTiles.scatterAdd(keys, ev, dvC, evP, DV.f(), DV.off[b], DV.ld);
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int c = 0;
        FloatVector acc = FloatVector.zero(FS);
        for (; c < FS.loopBound(n); c += FS.length()) acc = FloatVector.fromArray(FS, a, ao + c).fma(FloatVector.fromArray(FS, b, bo + c), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
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
