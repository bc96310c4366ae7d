package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pointwise kernels of the LSTM and GRU cells (see {@code dev.reel.engine.ops.RnnOps} for
 * the equations): one pass over the gates of each batch row, reading the two projections and the
 * biases once and writing the new state and the gate activations that backward needs.
 *
 * <p>Layout: gate projections (B, G·H) hold gate q's pre-activation for unit j at column q·H + j, so
 * for each j the G gates sit H apart in one row. The F32 rows run in {@code FloatVector} lanes over j
 * (the tail, and every element under {@code -Dreel.simd=false}, in the scalar loop); F64 runs the
 * scalar loop, which computes in double and is the reference twin. Rows are split across
 * {@link Parallel}. Inputs may be row-strided views (h and c are often narrow views of the
 * previous step's [h | c]); anything without unit stride along a row is copied first.
 */
final class CpuRnn {
    private CpuRnn() {}

    private static final VectorSpecies<Float> FS = VectorLoops.FS;

    /** A 2-D operand as rows with unit inner stride: element (r, j) is at off + r·ld + j. 1-D tensors have ld 0. */
    private record Rows(Object a, int off, int ld) {
        static Rows of(Tensor t) {
            Tensor d = t;
            if (t.dim() == 1 ? t.stride(0) != 1 && t.size(0) > 1 : t.stride(1) != 1 && t.size(1) > 1) d = CpuElementwise.dense(t);
            int ld = d.dim() == 1 || d.size(0) == 1 ? 0 : d.stride(0);
            return new Rows(((CpuStorage) d.storage()).array(), d.offset(), ld);
        }

        /** A bias (or zeros when absent) of n elements. */
        static Rows bias(Tensor b, DType dt, int n) {
            if (b != null) return of(b);
            return new Rows(dt == DType.F32 ? new float[n] : new double[n], 0, 0);
        }

        float[] f() { return (float[]) a; }

        int at(int row) { return off + row * ld; }

        double get(int i) { return a instanceof float[] f ? f[i] : ((double[]) a)[i]; }

        void set(int i, double v) {
            if (a instanceof float[] f) f[i] = (float) v;
            else ((double[]) a)[i] = v;
        }
    }

    private static int grain(int width) { return Math.max(1, 8192 / Math.max(1, width)); }

    private static double sigmoid(double x) { return ScalarMath.sigmoid(x); }

    private static FloatVector load(Rows r, int i) { return FloatVector.fromArray(FS, r.f(), i); }

    private static FloatVector tanh(FloatVector v) { return VectorMath.tanh(v); }

    /** 1 - v². */
    private static FloatVector oneMinusSquare(FloatVector v) { return v.mul(v).neg().add(1f); }

    /** v·(1 - v). */
    private static FloatVector logisticSlope(FloatVector v) { return v.mul(v.neg().add(1f)); }

    /** The end of the part of a row of n units the vector loop covers; the scalar loop does the rest. */
    private static int vectorEnd(boolean vector, Tensor t, int n) {
        return vector && t.dtype() == DType.F32 ? FS.loopBound(n) : 0;
    }

    // ---------------------------------------------------------------- LSTM

    static void lstmForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts) {
        lstmForward(gi, gh, bIh, bHh, c, hc, acts, VectorLoops.SIMD);
    }

    static void lstmForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts, boolean vector) {
        int rows = c.size(0), h = c.size(1);
        DType dt = gi.dtype();
        Rows GI = Rows.of(gi), GH = Rows.of(gh), B1 = Rows.bias(bIh, dt, 4 * h), B2 = Rows.bias(bHh, dt, 4 * h), C = Rows.of(c);
        Rows HC = Rows.of(hc), A = Rows.of(acts);
        int vEnd = vectorEnd(vector, gi, h);
        Parallel.forRange(0, rows, grain(4 * h), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int gio = GI.at(r), gho = GH.at(r), co = C.at(r), hco = HC.at(r), ao = A.at(r);
                for (int j = 0; j < vEnd; j += FS.length()) {
                    FloatVector i = VectorLoops.sigmoid(lstmPre(GI, GH, B1, B2, gio, gho, j));
                    FloatVector f = VectorLoops.sigmoid(lstmPre(GI, GH, B1, B2, gio, gho, h + j));
                    FloatVector g = tanh(lstmPre(GI, GH, B1, B2, gio, gho, 2 * h + j));
                    FloatVector o = VectorLoops.sigmoid(lstmPre(GI, GH, B1, B2, gio, gho, 3 * h + j));
                    i.intoArray(A.f(), ao + j);
                    f.intoArray(A.f(), ao + h + j);
                    g.intoArray(A.f(), ao + 2 * h + j);
                    o.intoArray(A.f(), ao + 3 * h + j);
                    FloatVector c2 = f.mul(load(C, co + j)).add(i.mul(g));
                    o.mul(tanh(c2)).intoArray(HC.f(), hco + j);
                    c2.intoArray(HC.f(), hco + h + j);
                }
                for (int j = vEnd; j < h; j++) {
                    // each activation continues as its stored (rounded) value, as in the vector path
                    for (int q = 0; q < 4; q++) {
                        int k = q * h + j;
                        double pre = GI.get(gio + k) + GH.get(gho + k) + B1.get(B1.off + k) + B2.get(B2.off + k);
                        A.set(ao + k, q == 2 ? Math.tanh(pre) : sigmoid(pre));
                    }
                    double i = A.get(ao + j), f = A.get(ao + h + j), g = A.get(ao + 2 * h + j), o = A.get(ao + 3 * h + j);
                    HC.set(hco + h + j, f * C.get(co + j) + i * g);
                    HC.set(hco + j, o * Math.tanh(HC.get(hco + h + j)));
                }
            }
        });
    }

    /** The pre-activation of gate column k: gi + gh + b_ih + b_hh. */
    private static FloatVector lstmPre(Rows gi, Rows gh, Rows b1, Rows b2, int gio, int gho, int k) {
        return load(gi, gio + k).add(load(gh, gho + k)).add(load(b1, b1.off + k)).add(load(b2, b2.off + k));
    }

    static void lstmBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        lstmBackward(acts, c, hc, dhc, dGates, dc, VectorLoops.SIMD);
    }

    static void lstmBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc, boolean vector) {
        int rows = c.size(0), h = c.size(1);
        Rows A = Rows.of(acts), C = Rows.of(c), HC = Rows.of(hc), D = Rows.of(dhc), DG = Rows.of(dGates), DC = Rows.of(dc);
        int vEnd = vectorEnd(vector, acts, h);
        Parallel.forRange(0, rows, grain(4 * h), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int ao = A.at(r), co = C.at(r), hco = HC.at(r), dho = D.at(r), dgo = DG.at(r), dco = DC.at(r);
                for (int j = 0; j < vEnd; j += FS.length()) {
                    FloatVector i = load(A, ao + j), f = load(A, ao + h + j), g = load(A, ao + 2 * h + j), o = load(A, ao + 3 * h + j);
                    FloatVector cOld = load(C, co + j), tc = tanh(load(HC, hco + h + j));
                    FloatVector dh = load(D, dho + j), dc2 = load(D, dho + h + j);
                    FloatVector dcT = dc2.add(dh.mul(o).mul(oneMinusSquare(tc)));
                    dcT.mul(g).mul(logisticSlope(i)).intoArray(DG.f(), dgo + j);
                    dcT.mul(cOld).mul(logisticSlope(f)).intoArray(DG.f(), dgo + h + j);
                    dcT.mul(i).mul(oneMinusSquare(g)).intoArray(DG.f(), dgo + 2 * h + j);
                    dh.mul(tc).mul(logisticSlope(o)).intoArray(DG.f(), dgo + 3 * h + j);
                    dcT.mul(f).intoArray(DC.f(), dco + j);
                }
                for (int j = vEnd; j < h; j++) {
                    double i = A.get(ao + j), f = A.get(ao + h + j), g = A.get(ao + 2 * h + j), o = A.get(ao + 3 * h + j);
                    double tc = Math.tanh(HC.get(hco + h + j)), dh = D.get(dho + j);
                    double dcT = D.get(dho + h + j) + dh * o * (1 - tc * tc);
                    DG.set(dgo + j, dcT * g * i * (1 - i));
                    DG.set(dgo + h + j, dcT * C.get(co + j) * f * (1 - f));
                    DG.set(dgo + 2 * h + j, dcT * i * (1 - g * g));
                    DG.set(dgo + 3 * h + j, dh * tc * o * (1 - o));
                    DC.set(dco + j, dcT * f);
                }
            }
        });
    }

    // ---------------------------------------------------------------- GRU

    static void gruForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor hPrev, Tensor out, Tensor acts) {
        gruForward(gi, gh, bIh, bHh, hPrev, out, acts, VectorLoops.SIMD);
    }

    static void gruForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor hPrev, Tensor out, Tensor acts, boolean vector) {
        int rows = hPrev.size(0), h = hPrev.size(1);
        DType dt = gi.dtype();
        Rows GI = Rows.of(gi), GH = Rows.of(gh), B1 = Rows.bias(bIh, dt, 3 * h), B2 = Rows.bias(bHh, dt, 3 * h), H = Rows.of(hPrev);
        Rows O = Rows.of(out), A = Rows.of(acts);
        int vEnd = vectorEnd(vector, gi, h);
        Parallel.forRange(0, rows, grain(3 * h), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int gio = GI.at(r), gho = GH.at(r), ho = H.at(r), oo = O.at(r), ao = A.at(r);
                for (int j = 0; j < vEnd; j += FS.length()) {
                    FloatVector rg = VectorLoops.sigmoid(load(GI, gio + j).add(load(B1, B1.off + j)).add(load(GH, gho + j)).add(load(B2, B2.off + j)));
                    int kz = h + j, kn = 2 * h + j;
                    FloatVector z = VectorLoops.sigmoid(load(GI, gio + kz).add(load(B1, B1.off + kz)).add(load(GH, gho + kz)).add(load(B2, B2.off + kz)));
                    FloatVector hn = load(GH, gho + kn).add(load(B2, B2.off + kn));
                    FloatVector n = tanh(load(GI, gio + kn).add(load(B1, B1.off + kn)).add(rg.mul(hn)));
                    n.add(z.mul(load(H, ho + j).sub(n))).intoArray(O.f(), oo + j);
                    rg.intoArray(A.f(), ao + j);
                    z.intoArray(A.f(), ao + h + j);
                    n.intoArray(A.f(), ao + 2 * h + j);
                    hn.intoArray(A.f(), ao + 3 * h + j);
                }
                for (int j = vEnd; j < h; j++) {
                    int kz = h + j, kn = 2 * h + j;
                    A.set(ao + j, sigmoid(GI.get(gio + j) + B1.get(B1.off + j) + GH.get(gho + j) + B2.get(B2.off + j)));
                    A.set(ao + kz, sigmoid(GI.get(gio + kz) + B1.get(B1.off + kz) + GH.get(gho + kz) + B2.get(B2.off + kz)));
                    A.set(ao + 3 * h + j, GH.get(gho + kn) + B2.get(B2.off + kn));
                    double rg = A.get(ao + j), z = A.get(ao + kz), hn = A.get(ao + 3 * h + j);
                    A.set(ao + kn, Math.tanh(GI.get(gio + kn) + B1.get(B1.off + kn) + rg * hn));
                    double n = A.get(ao + kn);
                    O.set(oo + j, n + z * (H.get(ho + j) - n));
                }
            }
        });
    }

    static void gruBackward(Tensor acts, Tensor hPrev, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        gruBackward(acts, hPrev, dOut, dGi, dGh, dh, VectorLoops.SIMD);
    }

    static void gruBackward(Tensor acts, Tensor hPrev, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh, boolean vector) {
        int rows = hPrev.size(0), h = hPrev.size(1);
        Rows A = Rows.of(acts), H = Rows.of(hPrev), D = Rows.of(dOut), DI = Rows.of(dGi), DH = Rows.of(dGh), DP = Rows.of(dh);
        int vEnd = vectorEnd(vector, acts, h);
        Parallel.forRange(0, rows, grain(4 * h), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int ao = A.at(r), ho = H.at(r), d = D.at(r), dio = DI.at(r), dho = DH.at(r), dpo = DP.at(r);
                for (int j = 0; j < vEnd; j += FS.length()) {
                    FloatVector rg = load(A, ao + j), z = load(A, ao + h + j), n = load(A, ao + 2 * h + j), hn = load(A, ao + 3 * h + j);
                    FloatVector g = load(D, d + j);
                    FloatVector dn = g.mul(z.neg().add(1f)).mul(oneMinusSquare(n));
                    FloatVector dz = g.mul(load(H, ho + j).sub(n)).mul(logisticSlope(z));
                    FloatVector dr = dn.mul(hn).mul(logisticSlope(rg));
                    dr.intoArray(DI.f(), dio + j);
                    dz.intoArray(DI.f(), dio + h + j);
                    dn.intoArray(DI.f(), dio + 2 * h + j);
                    dr.intoArray(DH.f(), dho + j);
                    dz.intoArray(DH.f(), dho + h + j);
                    dn.mul(rg).intoArray(DH.f(), dho + 2 * h + j);
                    g.mul(z).intoArray(DP.f(), dpo + j);
                }
                for (int j = vEnd; j < h; j++) {
                    double rg = A.get(ao + j), z = A.get(ao + h + j), n = A.get(ao + 2 * h + j), hn = A.get(ao + 3 * h + j);
                    double g = D.get(d + j);
                    double dn = g * (1 - z) * (1 - n * n), dz = g * (H.get(ho + j) - n) * z * (1 - z), dr = dn * hn * rg * (1 - rg);
                    DI.set(dio + j, dr);
                    DI.set(dio + h + j, dz);
                    DI.set(dio + 2 * h + j, dn);
                    DH.set(dho + j, dr);
                    DH.set(dho + h + j, dz);
                    DH.set(dho + 2 * h + j, dn * rg);
                    DP.set(dpo + j, g * z);
                }
            }
        });
    }
}
