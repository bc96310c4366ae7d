package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.gemm.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * An LSTM layer over a whole sequence (see {@code dev.reel.engine.ops.LstmSequenceOps}): the input
 * projection and the recurrence of the forward, and the serial part of the backward, one time step
 * after the other, on raw arrays with no tensors or graph nodes per step.
 *
 * <pre>
 *   forward, once:       A (T·B, 4H) = X · W_ihᵀ                (one GEMM for every step)
 *   forward, per step:   A_t (B, 4H) += h_prev · W_hhᵀ         (GEMM; both weights transposed once per call)
 *                        pointwise: acts_t = σ/tanh(A_t + b), c_t = f·c_prev + i·g, h_t = o·tanh(c_t)
 *   backward, per step:  dh = dhc_t[h] + dG_later · W_hh        (GEMM, W_hh read in place)
 *                        pointwise: dG_t from dh, dc, acts_t, c_prev, c_t; dc_prev = dc_total·f
 * </pre>
 *
 * <p>Parallelism: a step's work is only B·4H·H multiply-adds and the next step needs all of it,
 * so each step is one region at most, split over blocks of hidden units: a thread computes the
 * GEMM columns of its units in all four gates and then their pointwise cell, so nothing crosses
 * threads within a step. Small steps run on the caller's thread (waking a worker costs tens of
 * microseconds). F32 runs the pointwise in {@code FloatVector} lanes (the tail, and everything
 * under {@code -Dreel.simd=false}, in the scalar loop, which computes in double); F64 runs the
 * scalar loop and is the reference twin.
 */
final class CpuLstmSequence {
    private CpuLstmSequence() {}

    private static final VectorSpecies<Float> FS = VectorLoops.FS;
    private static final int V = FS.length();
    /** Units per block of the split: a whole GEMM panel of columns (two vectors), so W is read in place. */
    private static final int UNIT_BLOCK = 2 * V;
    /** A step is split across threads only when each gets at least this many multiply-adds. */
    static long minFmasPerThread = Long.getLong("reel.lstm.minFmas", 1L << 19);

    /** An array with an element offset and a row stride. */
    private record Mat(Object a, int off, int ld) {
        float[] f() { return (float[]) a; }

        double[] d() { return (double[]) a; }

        static Mat of(Tensor contiguous, int ld) {
            return new Mat(((CpuStorage) contiguous.storage()).array(), contiguous.offset(), ld);
        }

        Mat at(int plus, int newLd) { return new Mat(a, off + plus, newLd); }
    }

    private static int threadsFor(int batch, int h) {
        long fmas = (long) batch * 4 * h * h;
        int blocks = (h + UNIT_BLOCK - 1) / UNIT_BLOCK;
        return (int) Math.max(1, Math.min(Math.min(Parallel.threads(), blocks), fmas / minFmasPerThread));
    }

    /** Runs {@code body} over the unit blocks of [0, h): on the caller's thread, or split across the team. */
    private static void overUnits(int h, int threads, Parallel.RangeBody body) {
        if (threads <= 1) {
            body.run(0, h);
            return;
        }
        int blocks = (h + UNIT_BLOCK - 1) / UNIT_BLOCK;
        Parallel.forRange(0, blocks, blocks / threads, (lo, hi) -> body.run(lo * UNIT_BLOCK, Math.min(h, hi * UNIT_BLOCK)));
    }

    // ---------------------------------------------------------------- forward

    static void forward(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse, Tensor acts, Tensor hc) {
        forward(x, wIh, wHh, bIh, bHh, h0, c0, reverse, acts, hc, VectorLoops.SIMD);
    }

    static void forward(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse, Tensor acts, Tensor hc,
                        boolean vector) {
        int steps = x.size(0), batch = x.size(1), in = x.size(2), h = h0.size(1), g = 4 * h;
        boolean f32 = acts.dtype() == DType.F32;
        Mat xs, wt, bias, hInit, cInit;
        try (var off = Grad.off()) {
            xs = Mat.of(x.contiguous(), in);
            // both weights transposed once per call, so that the GEMMs read them in place as row-major B operands
            Workspace ws = WORKSPACE.get();
            if (f32 && ws.wIhT.length < g * in) ws.wIhT = new float[g * in];
            if (f32 && ws.wHhT.length < g * h) ws.wHhT = new float[g * h];
            Mat wih = Mat.of(wIh.contiguous(), in), whh = Mat.of(wHh.contiguous(), h);
            Mat wiT = f32 ? transposedF32(wih, g, in, ws.wIhT, vector) : transposedF64(wih, g, in);
            wt = f32 ? transposedF32(whh, g, h, ws.wHhT, vector) : transposedF64(whh, g, h);
            bias = biasSum(bIh == null ? null : Mat.of(bIh.contiguous(), 0), bHh == null ? null : Mat.of(bHh.contiguous(), 0), g, f32);
            hInit = Mat.of(h0.contiguous(), h);
            cInit = Mat.of(c0.contiguous(), h);
            // the input projection of every step as one GEMM; the steps add h·W_hhᵀ and the biases in place
            gemm(f32, steps * batch, g, in, xs, wiT, Mat.of(acts, g), false);
        }
        Mat a = Mat.of(acts, g), out = Mat.of(hc, 2 * h);
        int threads = threadsFor(batch, h);
        boolean vec = vector && f32;
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i, prev = reverse ? t + 1 : t - 1;
            Mat hPrev = i == 0 ? hInit : out.at(prev * batch * 2 * h, 2 * h);
            Mat cPrev = i == 0 ? cInit : out.at(prev * batch * 2 * h + h, 2 * h);
            Mat gates = a.at(t * batch * g, g), hcT = out.at(t * batch * 2 * h, 2 * h);
            overUnits(h, threads, (u0, u1) -> {
                gateGemm(f32, batch, h, u0, u1, hPrev, wt, gates);
                if (f32) forwardF32(batch, h, u0, u1, gates, bias, cPrev, hcT, vec);
                else forwardF64(batch, h, u0, u1, gates, bias, cPrev, hcT);
            });
        }
    }

    /** Per thread, the buffers of the two transposed F32 weights, reused from call to call. */
    private static final class Workspace {
        float[] wIhT = new float[0], wHhT = new float[0];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * The (cols, rows) transpose of a row-major (rows, cols) F32 matrix into {@code o}. The vector
     * path gathers V rows at a time (lanes ld apart) and stores them as part of an output row:
     * about 4 times faster than blocked scalar copies.
     */
    private static Mat transposedF32(Mat m, int rows, int cols, float[] o, boolean vector) {
        float[] a = m.f();
        int r0 = 0;
        if (vector) {
            int[] lanes = new int[V];
            for (int i = 0; i < V; i++) lanes[i] = i * m.ld;
            for (; r0 + V <= rows; r0 += V) {
                for (int c = 0, src = m.off + r0 * m.ld; c < cols; c++, src++) FloatVector.fromArray(FS, a, src, lanes, 0).intoArray(o, c * rows + r0);
            }
        }
        for (int r = r0; r < rows; r++) {
            for (int c = 0; c < cols; c++) o[c * rows + r] = a[m.off + r * m.ld + c];
        }
        return new Mat(o, 0, rows);
    }

    /** The F64 twin of {@link #transposedF32}, into a fresh array. */
    private static Mat transposedF64(Mat m, int rows, int cols) {
        double[] a = m.d(), o = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) o[c * rows + r] = a[m.off + r * m.ld + c];
        }
        return new Mat(o, 0, rows);
    }

    /** b_ih + b_hh (either may be null) as one fresh row of n. */
    private static Mat biasSum(Mat b1, Mat b2, int n, boolean f32) {
        double[] sum = new double[n];
        for (Mat b : new Mat[] {b1, b2}) {
            if (b == null) continue;
            for (int i = 0; i < n; i++) sum[i] += f32 ? b.f()[b.off + i] : b.d()[b.off + i];
        }
        if (!f32) return new Mat(sum, 0, 0);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) sum[i];
        return new Mat(f, 0, 0);
    }

    /** gates[:, q·H + u] += h_prev · W_hhᵀ[:, q·H + u] for the four gates q and units u in [u0, u1). */
    private static void gateGemm(boolean f32, int batch, int h, int u0, int u1, Mat hPrev, Mat wt, Mat gates) {
        int g = 4 * h;
        if (u0 == 0 && u1 == h) {
            gemm(f32, batch, g, h, hPrev, wt, gates, true);
        } else {
            for (int q = 0; q < 4; q++) gemm(f32, batch, u1 - u0, h, hPrev, wt.at(q * h + u0, g), gates.at(q * h + u0, g), true);
        }
    }

    /** C[m, n] (+)= A[m, k] · B[k, n], all row-major with their row strides. */
    private static void gemm(boolean f32, int m, int n, int k, Mat a, Mat b, Mat c, boolean accumulate) {
        if (f32) Gemm.sgemm(false, false, m, n, k, a.f(), a.off, a.ld, b.f(), b.off, b.ld, c.f(), c.off, c.ld, accumulate);
        else Gemm.dgemm(false, false, m, n, k, a.d(), a.off, a.ld, b.d(), b.off, b.ld, c.d(), c.off, c.ld, accumulate);
    }

    private static FloatVector load(float[] a, int i) { return FloatVector.fromArray(FS, a, i); }

    // The F32 pointwise work is split into small row loops, one transcendental function each: a
    // single loop with all five (3 σ, 2 tanh) exceeds C2's inlining budget (NodeCountInliningCutoff),
    // and vector operations left un-inlined box their operands and run several times slower.

    private static void forwardF32(int batch, int h, int u0, int u1, Mat gates, Mat bias, Mat cPrev, Mat hcT, boolean vector) {
        float[] ga = gates.f(), b = bias.f(), cp = cPrev.f(), o = hcT.f();
        int n = u1 - u0, bo = bias.off + u0;
        for (int r = 0; r < batch; r++) {
            int gr = gates.off + r * gates.ld + u0;
            sigmoidRow(ga, gr, b, bo, n, vector);
            sigmoidRow(ga, gr + h, b, bo + h, n, vector);
            tanhRow(ga, gr + 2 * h, b, bo + 2 * h, n, vector);
            sigmoidRow(ga, gr + 3 * h, b, bo + 3 * h, n, vector);
            cellRow(ga, gr, h, cp, cPrev.off + r * cPrev.ld + u0, o, hcT.off + r * hcT.ld + u0, n, vector);
        }
    }

    /** a[ao..ao+n) = σ(a + b[bo..]), in place. */
    private static void sigmoidRow(float[] a, int ao, float[] b, int bo, int n, boolean vector) {
        int j = 0;
        if (vector) {
            for (; j + V <= n; j += V) VectorLoops.sigmoid(load(a, ao + j).add(load(b, bo + j))).intoArray(a, ao + j);
        }
        for (; j < n; j++) a[ao + j] = (float) ScalarMath.sigmoid((double) a[ao + j] + b[bo + j]);
    }

    /** a[ao..ao+n) = tanh(a + b[bo..]), in place. */
    private static void tanhRow(float[] a, int ao, float[] b, int bo, int n, boolean vector) {
        int j = 0;
        if (vector) {
            for (; j + V <= n; j += V) VectorMath.tanh(load(a, ao + j).add(load(b, bo + j))).intoArray(a, ao + j);
        }
        for (; j < n; j++) a[ao + j] = (float) Math.tanh((double) a[ao + j] + b[bo + j]);
    }

    /** From the activations [i | f | g | o] at g[gr..] (gates h apart): c' = f·c + i·g, h' = o·tanh(c') into out[or..] and out[or + h..]. */
    private static void cellRow(float[] g, int gr, int h, float[] c, int cr, float[] out, int or, int n, boolean vector) {
        int j = 0;
        if (vector) {
            for (; j + V <= n; j += V) {
                FloatVector c2 = load(g, gr + h + j).mul(load(c, cr + j)).add(load(g, gr + j).mul(load(g, gr + 2 * h + j)));
                c2.intoArray(out, or + h + j);
                load(g, gr + 3 * h + j).mul(VectorMath.tanh(c2)).intoArray(out, or + j);
            }
        }
        for (; j < n; j++) {
            float c2 = (float) ((double) g[gr + h + j] * c[cr + j] + (double) g[gr + j] * g[gr + 2 * h + j]);
            out[or + h + j] = c2;
            out[or + j] = (float) (g[gr + 3 * h + j] * Math.tanh(c2));
        }
    }

    private static void forwardF64(int batch, int h, int u0, int u1, Mat gates, Mat bias, Mat cPrev, Mat hcT) {
        double[] ga = gates.d(), b = bias.d(), cp = cPrev.d(), o = hcT.d();
        int bo = bias.off;
        for (int r = 0; r < batch; r++) {
            int gr = gates.off + r * gates.ld, cr = cPrev.off + r * cPrev.ld, or = hcT.off + r * hcT.ld;
            for (int j = u0; j < u1; j++) {
                double i = ScalarMath.sigmoid(ga[gr + j] + b[bo + j]);
                double f = ScalarMath.sigmoid(ga[gr + h + j] + b[bo + h + j]);
                double gg = Math.tanh(ga[gr + 2 * h + j] + b[bo + 2 * h + j]);
                double og = ScalarMath.sigmoid(ga[gr + 3 * h + j] + b[bo + 3 * h + j]);
                ga[gr + j] = i;
                ga[gr + h + j] = f;
                ga[gr + 2 * h + j] = gg;
                ga[gr + 3 * h + j] = og;
                double c2 = f * cp[cr + j] + i * gg;
                o[or + h + j] = c2;
                o[or + j] = og * Math.tanh(c2);
            }
        }
    }

    // ---------------------------------------------------------------- backward

    static void backward(Tensor acts, Tensor hc, Tensor c0, Tensor wHh, Tensor dhc, boolean reverse, Tensor dGates, Tensor dh0, Tensor dc0) {
        backward(acts, hc, c0, wHh, dhc, reverse, dGates, dh0, dc0, VectorLoops.SIMD);
    }

    static void backward(Tensor acts, Tensor hc, Tensor c0, Tensor wHh, Tensor dhc, boolean reverse, Tensor dGates, Tensor dh0, Tensor dc0,
                         boolean vector) {
        int steps = acts.size(0), batch = acts.size(1), h = c0.size(1), g = 4 * h;
        boolean f32 = acts.dtype() == DType.F32;
        Mat w, cInit;
        try (var off = Grad.off()) {
            w = Mat.of(wHh.contiguous(), h);   // W_hh (4H, H): the row-major B operand of dG · W_hh
            cInit = Mat.of(c0.contiguous(), h);
        }
        Mat a = Mat.of(acts, g), out = Mat.of(hc, 2 * h), d = Mat.of(dhc, 2 * h), dg = Mat.of(dGates, g);
        // dh0 and dc0 serve as the running dh (from the step processed after) and dc buffers
        Mat dh = Mat.of(dh0, h), dc = Mat.of(dc0, h);
        if (f32) {
            java.util.Arrays.fill(dh.f(), dh.off, dh.off + batch * h, 0f);
            java.util.Arrays.fill(dc.f(), dc.off, dc.off + batch * h, 0f);
        } else {
            java.util.Arrays.fill(dh.d(), dh.off, dh.off + batch * h, 0.0);
            java.util.Arrays.fill(dc.d(), dc.off, dc.off + batch * h, 0.0);
        }
        int threads = threadsFor(batch, h);
        boolean vec = vector && f32;
        for (int i = steps - 1; i >= 0; i--) {
            int t = reverse ? steps - 1 - i : i, prev = reverse ? t + 1 : t - 1, later = reverse ? t - 1 : t + 1;
            Mat cPrev = i == 0 ? cInit : out.at(prev * batch * 2 * h + h, 2 * h);
            Mat actsT = a.at(t * batch * g, g), hcT = out.at(t * batch * 2 * h, 2 * h), dT = d.at(t * batch * 2 * h, 2 * h);
            Mat dgT = dg.at(t * batch * g, g), dgLater = i == steps - 1 ? null : dg.at(later * batch * g, g);
            overUnits(h, threads, (u0, u1) -> {
                if (dgLater != null) gemm(f32, batch, u1 - u0, g, dgLater, w.at(u0, h), dh.at(u0, h), false);
                if (f32) backwardF32(batch, h, u0, u1, actsT, cPrev, hcT, dT, dh, dc, dgT, vec);
                else backwardF64(batch, h, u0, u1, actsT, cPrev, hcT, dT, dh, dc, dgT);
            });
        }
        // dh0 = dG_first · W_hh; dc0 already holds the carry of the first step
        Mat dgFirst = dg.at((reverse ? steps - 1 : 0) * batch * g, g);
        overUnits(h, threads, (u0, u1) -> gemm(f32, batch, u1 - u0, g, dgFirst, w.at(u0, h), dh.at(u0, h), false));
    }

    private static void backwardF32(int batch, int h, int u0, int u1, Mat acts, Mat cPrev, Mat hcT, Mat dT, Mat dh, Mat dc, Mat dg,
                                    boolean vector) {
        int n = u1 - u0;
        for (int r = 0; r < batch; r++) {
            int ar = acts.off + r * acts.ld + u0, or = hcT.off + r * hcT.ld + u0, dr = dT.off + r * dT.ld + u0;
            int ccr = dc.off + r * dc.ld + u0, gr = dg.off + r * dg.ld + u0;
            outputGateRow(h, acts.f(), ar, hcT.f(), or, dT.f(), dr, dh.f(), dh.off + r * dh.ld + u0, dc.f(), ccr, dg.f(), gr, n, vector);
            cellGatesRow(h, acts.f(), ar, cPrev.f(), cPrev.off + r * cPrev.ld + u0, dc.f(), ccr, dg.f(), gr, n, vector);
        }
    }

    /**
     * The part with tanh c': dh = dhc_h + dh_later, dc_total = dhc_c + dc_later + dh·o·(1 - tanh²c')
     * (left in dc), and the output gate's gradient dh·tanh c'·o(1 - o).
     */
    private static void outputGateRow(int h, float[] a, int ar, float[] o, int or, float[] d, int dr, float[] dh, int hr, float[] dc, int cr,
                                      float[] dg, int gr, int n, boolean vector) {
        int j = 0;
        if (vector) {
            for (; j + V <= n; j += V) {
                FloatVector og = load(a, ar + 3 * h + j), tc = VectorMath.tanh(load(o, or + h + j));
                FloatVector dhT = load(d, dr + j).add(load(dh, hr + j));
                load(d, dr + h + j).add(load(dc, cr + j)).add(dhT.mul(og).mul(tc.mul(tc).neg().add(1f))).intoArray(dc, cr + j);
                dhT.mul(tc).mul(og.mul(og.neg().add(1f))).intoArray(dg, gr + 3 * h + j);
            }
        }
        for (; j < n; j++) {
            double og = a[ar + 3 * h + j], tc = Math.tanh(o[or + h + j]), dhT = (double) d[dr + j] + dh[hr + j];
            dc[cr + j] = (float) ((double) d[dr + h + j] + dc[cr + j] + dhT * og * (1 - tc * tc));
            dg[gr + 3 * h + j] = (float) (dhT * tc * og * (1 - og));
        }
    }

    /** From dc_total (in dc): the i, f, g gates' gradients, and dc_prev = dc_total·f back into dc. */
    private static void cellGatesRow(int h, float[] a, int ar, float[] cp, int pr, float[] dc, int cr, float[] dg, int gr, int n, boolean vector) {
        int j = 0;
        if (vector) {
            for (; j + V <= n; j += V) {
                FloatVector i = load(a, ar + j), f = load(a, ar + h + j), gg = load(a, ar + 2 * h + j), dcT = load(dc, cr + j);
                dcT.mul(gg).mul(i.mul(i.neg().add(1f))).intoArray(dg, gr + j);
                dcT.mul(load(cp, pr + j)).mul(f.mul(f.neg().add(1f))).intoArray(dg, gr + h + j);
                dcT.mul(i).mul(gg.mul(gg).neg().add(1f)).intoArray(dg, gr + 2 * h + j);
                dcT.mul(f).intoArray(dc, cr + j);
            }
        }
        for (; j < n; j++) {
            double i = a[ar + j], f = a[ar + h + j], gg = a[ar + 2 * h + j], dcT = dc[cr + j];
            dg[gr + j] = (float) (dcT * gg * i * (1 - i));
            dg[gr + h + j] = (float) (dcT * cp[pr + j] * f * (1 - f));
            dg[gr + 2 * h + j] = (float) (dcT * i * (1 - gg * gg));
            dc[cr + j] = (float) (dcT * f);
        }
    }

    private static void backwardF64(int batch, int h, int u0, int u1, Mat acts, Mat cPrev, Mat hcT, Mat dT, Mat dh, Mat dc, Mat dg) {
        double[] a = acts.d(), cp = cPrev.d(), o = hcT.d(), dd = dT.d(), dhA = dh.d(), dcA = dc.d(), dga = dg.d();
        for (int r = 0; r < batch; r++) {
            int ar = acts.off + r * acts.ld, cr = cPrev.off + r * cPrev.ld, or = hcT.off + r * hcT.ld, dr = dT.off + r * dT.ld;
            int hr = dh.off + r * dh.ld, ccr = dc.off + r * dc.ld, gr = dg.off + r * dg.ld;
            for (int j = u0; j < u1; j++) {
                double i = a[ar + j], f = a[ar + h + j], gg = a[ar + 2 * h + j], og = a[ar + 3 * h + j];
                double tc = Math.tanh(o[or + h + j]), dhT = dd[dr + j] + dhA[hr + j];
                double dcT = dd[dr + h + j] + dcA[ccr + j] + dhT * og * (1 - tc * tc);
                dga[gr + j] = dcT * gg * i * (1 - i);
                dga[gr + h + j] = dcT * cp[cr + j] * f * (1 - f);
                dga[gr + 2 * h + j] = dcT * i * (1 - gg * gg);
                dga[gr + 3 * h + j] = dhT * tc * og * (1 - og);
                dcA[ccr + j] = dcT * f;
            }
        }
    }
}
