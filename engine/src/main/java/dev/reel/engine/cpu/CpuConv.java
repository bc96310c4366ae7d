package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ConvGeometry;
import dev.reel.engine.cpu.gemm.Gemm;

/**
 * 3-D convolution (1-D and 2-D arrive as 3-D with unit leading sizes) lowered to GEMM with
 * im2col.
 *
 * <p>Per sample n and group g, with Cg = C_in/groups input channels, Co = C_out/groups output
 * channels, K = Cg·kD·kH·kW and L = oD·oH·oW output positions:
 * <pre>
 *   col[K, L]   = im2col(x[n, g])                  (each column: the receptive field of one output)
 *   y[n, g]     = W_g[Co, K] · col                 forward
 *   dcol        = W_gᵀ[K, Co] · dy[n, g][Co, L]     grad input, then dx[n, g] += col2im(dcol)
 *   dW_g       += dy[n, g][Co, L] · colᵀ[L, K]      grad weight
 * </pre>
 * Samples are split across threads; each thread owns its column buffer.
 *
 * <p>F32 with stride 1, the common case, writes no column matrix: the forward product is an
 * implicit GEMM ({@link Gemm#sgemmPanels}) whose B panels are shifted runs of the zero-padded
 * image ({@link ShiftedColumns}); the input gradient is a convolution of the same kind,
 * {@code dx = conv(dy, flip(W)ᵀ)} padded by {@code dil·(k-1) - pad}, so it needs no col2im
 * scatter either; the weight gradient reads the transposed columns from the same padded image
 * ({@link ShiftedRows}). F64 (the oracle dtype), strided convolutions and layers too small to
 * repay the padded grid ({@code shiftedPays}) keep the explicit im2col above.
 */
final class CpuConv {
    private CpuConv() {}

    /** Sizes of one convolution, derived once; {@code kvol} is K = Cg·kD·kH·kW, a GEMM's depth. */
    private record Dims(int n, int cin, int d, int h, int w, int cout, int kd, int kh, int kw, int od, int oh, int ow,
                        int groups, int cg, int co, int kvol, int l, ConvGeometry g) {
        static Dims of(ConvGeometry g, int[] xs, int[] ws, int[] ys) {
            int kvol = ws[1] * ws[2] * ws[3] * ws[4];
            return new Dims(xs[0], xs[1], xs[2], xs[3], xs[4], ws[0], ws[2], ws[3], ws[4], ys[2], ys[3], ys[4],
                    g.groups(), xs[1] / g.groups(), ws[0] / g.groups(), kvol, ys[2] * ys[3] * ys[4], g);
        }

        /** Stride 1 on every axis: the column matrix is shifted copies of the padded image. */
        boolean shiftable() {
            int[] s = g.stride();
            return s[0] == 1 && s[1] == 1 && s[2] == 1;
        }

        /**
         * Whether the input gradient is itself a convolution: with stride 1,
         * {@code dx = conv(dy, flip(W)ᵀ)} with padding {@code dil·(k-1) - pad} per axis, which needs
         * that padding to be >= 0.
         */
        boolean transposable() {
            int[] p = g.padding(), d = g.dilation();
            return shiftable() && p[0] <= d[0] * (kd - 1) && p[1] <= d[1] * (kh - 1) && p[2] <= d[2] * (kw - 1);
        }

        /** The convolution that maps dy to dx (see {@link #transposable}): channels and planes swapped. */
        Dims transposed() {
            int[] p = g.padding(), d = g.dilation();
            ConvGeometry tg = new ConvGeometry(new int[] {1, 1, 1},
                    new int[] {d[0] * (kd - 1) - p[0], d[1] * (kh - 1) - p[1], d[2] * (kw - 1) - p[2]}, d.clone(), groups);
            return new Dims(n, cout, od, oh, ow, cin, kd, kh, kw, this.d, h, w, groups, co, cg, co * kd * kh * kw, this.d * h * w, tg);
        }

        /**
         * Whether {@link #forwardShifted} beats im2col here: a depth K of at least 64 (at K = 27, a
         * first layer's 3 channels, copying the grid rows out costs more than im2col saves) and
         * at least 16 output channels per group (fewer leave most of each 8-row register tile
         * empty). A 1x1 convolution needs neither: its GEMM reads x in place.
         */
        boolean shiftedPays() {
            return shiftable() && !pointwise() && kvol >= 64 && co >= 16;
        }

        boolean pointwise() {
            int[] s = g.stride(), p = g.padding();
            return kd == 1 && kh == 1 && kw == 1 && s[0] == 1 && s[1] == 1 && s[2] == 1 && p[0] == 0 && p[1] == 0 && p[2] == 0;
        }
    }

    /**
     * The padded grid of a stride-1 convolution ({@link ShiftedColumns}): the zero-padded input
     * planes {@code dp x hp x wp}, the {@code lp} grid positions from the first output to the last
     * (those at {@code ox >= oW} are padding), and the offsets of the shifted rows.
     */
    private record Grid(int dp, int hp, int wp, int lp, int[] rowOff) {
        static Grid of(Dims s) {
            int[] pd = s.g.padding();
            int dp = s.d + 2 * pd[0], hp = s.h + 2 * pd[1], wp = s.w + 2 * pd[2];
            return new Grid(dp, hp, wp, ((s.od - 1) * hp + s.oh - 1) * wp + s.ow,
                    ShiftedColumns.rowOffsets(s.cg, s.kd, s.kh, s.kw, s.g.dilation(), dp, hp, wp));
        }

        int padded(Dims s) {
            return s.cg * dp * hp * wp;
        }

        /** Copies the Cg channels of x at {@code xBase} into the interior of xp; its border is left as it is (zeros). */
        void padInput(Dims s, float[] x, int xBase, float[] xp) {
            int[] pd = s.g.padding();
            for (int c = 0; c < s.cg; c++) {
                for (int z = 0; z < s.d; z++) {
                    for (int r = 0; r < s.h; r++) {
                        System.arraycopy(x, xBase + ((c * s.d + z) * s.h + r) * s.w, xp, ((c * dp + z + pd[0]) * hp + r + pd[1]) * wp + pd[2], s.w);
                    }
                }
            }
        }

        /** Copies the Co output rows at {@code base} (L each) to or from the grid (lp each), {@code toGrid} saying which way. */
        void outputRows(Dims s, float[] y, int base, float[] grid, boolean toGrid) {
            for (int o = 0; o < s.co; o++) {
                for (int z = 0; z < s.od; z++) {
                    for (int r = 0; r < s.oh; r++) {
                        int yi = base + o * s.l + (z * s.oh + r) * s.ow, gi = o * lp + (z * hp + r) * wp;
                        if (toGrid) System.arraycopy(y, yi, grid, gi, s.ow);
                        else System.arraycopy(grid, gi, y, yi, s.ow);
                    }
                }
            }
        }
    }

    private static Object arrayOf(Tensor t) { return ((CpuStorage) t.storage()).array(); }

    /**
     * Each thread's column buffer, grown on demand and reused across calls: a fresh one per call
     * (megabytes for the larger layers) cost its zeroing and the collector's time. Every element
     * a call reads is written first (im2col fills the whole matrix, the GEMM overwrites it).
     */
    private static final class Workspace {
        float[] f32 = new float[0];
        double[] f64 = new double[0];
        /** The zero-padded image and the product on the padded grid of {@link #forwardShifted}. */
        float[] padded = new float[0];
        float[] grid = new float[0];

        float[] padded(int size) {
            if (size > KEEP_MAX) return new float[size];
            if (padded.length < size) padded = new float[size];
            return padded;
        }

        float[] grid(int size) {
            if (size > KEEP_MAX) return new float[size];
            if (grid.length < size) grid = new float[size];
            return grid;
        }

        /** Buffers above this many elements (64 MB of floats) are not kept between calls. */
        static final int KEEP_MAX = 1 << 24;

        Object columns(boolean f32Type, int size) {
            if (size > KEEP_MAX) return f32Type ? new float[size] : new double[size];
            if (f32Type) {
                if (f32.length < size) f32 = new float[size];
                return f32;
            }
            if (f64.length < size) f64 = new double[size];
            return f64;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    static void conv(ConvGeometry geo, Tensor x, Tensor w, Tensor y) {
        conv(geo, x, w, null, y);
    }

    /** y = conv(x, w) (+ bias[co] on every output of channel co when bias is not null). */
    static void conv(ConvGeometry geo, Tensor x, Tensor w, Tensor bias, Tensor y) {
        Tensor xc = CpuElementwise.dense(x), wc = CpuElementwise.dense(w);
        Tensor bc = bias == null ? null : CpuElementwise.dense(bias);
        Dims s = Dims.of(geo, xc.shape(), wc.shape(), y.shape());
        Object xa = arrayOf(xc), wa = arrayOf(wc), ya = arrayOf(y);
        int xo = xc.offset(), wo = wc.offset(), yo = y.offset();
        boolean f32 = x.dtype() == DType.F32;
        if (f32 && s.shiftable() && s.shiftedPays()) {
            forwardShifted(s, (float[]) xa, xo, (float[]) wa, wo, bc, (float[]) ya, yo);
            return;
        }
        int inPlane = s.d * s.h * s.w;
        Parallel.forRange(0, s.n, 1, (lo, hi) -> {
            Object col = s.pointwise() ? null : WORKSPACE.get().columns(f32, s.kvol * s.l);
            for (int n = lo; n < hi; n++) {
                for (int g = 0; g < s.groups; g++) {
                    int xBase = xo + (n * s.cin + g * s.cg) * inPlane;
                    Object b = xa;
                    int bOff = xBase;
                    if (col != null) {
                        im2col(s, xa, xBase, col);
                        b = col;
                        bOff = 0;
                    }
                    int yBase = yo + (n * s.cout + g * s.co) * s.l;
                    gemm(f32, false, false, s.co, s.l, s.kvol, wa, wo + g * s.co * s.kvol, s.kvol, b, bOff, s.l, ya, yBase, s.l);
                    if (bc != null) addBias(bc, g * s.co, s.co, ya, yBase, s.l);
                }
            }
        });
    }

    /**
     * The F32 forward of a stride-1 convolution without a column matrix. Per sample and group: x is
     * copied into a zero-padded image xp (its border zeros are written once per call), the product
     * {@code W_g · col} runs on the padded grid of {@code lp} positions with B panels cut from xp
     * ({@link ShiftedColumns}), and the rows of the grid are copied to y without their padding
     * columns, the bias added on the way.
     */
    private static void forwardShifted(Dims s, float[] x, int xo, float[] w, int wo, Tensor bias, float[] y, int yo) {
        Grid gr = Grid.of(s);
        int inPlane = s.d * s.h * s.w;
        Parallel.forRange(0, s.n, 1, (lo, hi) -> {
            Workspace ws = WORKSPACE.get();
            float[] xp = ws.padded(gr.padded(s)), grid = ws.grid(s.co * gr.lp);
            java.util.Arrays.fill(xp, 0, gr.padded(s), 0f);
            ShiftedColumns cols = new ShiftedColumns(xp, gr.rowOff);
            for (int n = lo; n < hi; n++) {
                for (int g = 0; g < s.groups; g++) {
                    gr.padInput(s, x, xo + (n * s.cin + g * s.cg) * inPlane, xp);
                    Gemm.sgemmPanels(s.co, gr.lp, s.kvol, w, wo + g * s.co * s.kvol, s.kvol, cols, grid, 0, gr.lp, false);
                    int yBase = yo + (n * s.cout + g * s.co) * s.l;
                    gr.outputRows(s, y, yBase, grid, false);
                    if (bias != null) addBias(bias, g * s.co, s.co, y, yBase, s.l);
                }
            }
        });
    }

    /**
     * The F32 weight gradient of a stride-1 convolution without a column matrix:
     * {@code dW_g += dy' · colᵀ} on the padded grid, dy' being dy with zeros at the grid's padding
     * positions (so they add nothing) and colᵀ cut from the padded input ({@link ShiftedRows}).
     * Per-thread partial sums over blocks of samples, added at the end.
     */
    private static void backwardWeightShifted(Dims s, float[] x, int xo, float[] dy, int dyo, float[] dw, int dwo) {
        Grid gr = Grid.of(s);
        int inPlane = s.d * s.h * s.w, wSize = s.cout * s.kvol;
        int chunks = Math.max(1, Math.min(Parallel.threads(), s.n));
        float[][] partial = new float[chunks][];
        Parallel.forRange(0, chunks, 1, (clo, chi) -> {
            Workspace ws = WORKSPACE.get();
            float[] xp = ws.padded(gr.padded(s)), dyp = ws.grid(s.co * gr.lp);
            java.util.Arrays.fill(xp, 0, gr.padded(s), 0f);
            java.util.Arrays.fill(dyp, 0, s.co * gr.lp, 0f);
            ShiftedRows rows = new ShiftedRows(xp, gr.rowOff);
            for (int c = clo; c < chi; c++) {
                int lo = (int) ((long) s.n * c / chunks), hi = (int) ((long) s.n * (c + 1) / chunks);
                float[] acc = new float[wSize];
                for (int n = lo; n < hi; n++) {
                    for (int g = 0; g < s.groups; g++) {
                        gr.padInput(s, x, xo + (n * s.cin + g * s.cg) * inPlane, xp);
                        gr.outputRows(s, dy, dyo + (n * s.cout + g * s.co) * s.l, dyp, true);
                        Gemm.sgemmPanels(s.co, s.kvol, gr.lp, dyp, 0, gr.lp, rows, acc, g * s.co * s.kvol, s.kvol, true);
                    }
                }
                partial[c] = acc;
            }
        });
        for (float[] p : partial) addInto(p, dw, dwo);
    }

    /**
     * The weight of {@link Dims#transposed}: {@code w'[g·Cg + c][o][t] = w[g·Co + o][c][taps-1-t]},
     * (C_in, C_out/groups, kD, kH, kW) with every kernel reversed along all three axes.
     */
    private static float[] flippedTransposed(Dims s, float[] w, int wo) {
        int taps = s.kd * s.kh * s.kw;
        float[] r = new float[s.cin * s.co * taps];
        for (int g = 0; g < s.groups; g++) {
            for (int o = 0; o < s.co; o++) {
                for (int c = 0; c < s.cg; c++) {
                    int src = wo + (g * s.co + o) * s.kvol + c * taps;
                    int dst = ((g * s.cg + c) * s.co + o) * taps + taps - 1;
                    for (int t = 0; t < taps; t++) r[dst - t] = w[src + t];
                }
            }
        }
        return r;
    }

    static void backwardInput(ConvGeometry geo, Tensor dy, Tensor w, Tensor dx) {
        Tensor dyc = CpuElementwise.dense(dy), wc = CpuElementwise.dense(w);
        Dims s = Dims.of(geo, dx.shape(), wc.shape(), dyc.shape());
        Object dya = arrayOf(dyc), wa = arrayOf(wc), dxa = arrayOf(dx);
        boolean f32 = dx.dtype() == DType.F32;
        if (f32 && s.transposable() && s.transposed().shiftedPays()) {
            forwardShifted(s.transposed(), (float[]) dya, dyc.offset(), flippedTransposed(s, (float[]) wa, wc.offset()), 0, null,
                    (float[]) dxa, dx.offset());
            return;
        }
        int inPlane = s.d * s.h * s.w;
        Parallel.forRange(0, s.n, 1, (lo, hi) -> {
            Object col = WORKSPACE.get().columns(f32, s.kvol * s.l);
            for (int n = lo; n < hi; n++) {
                for (int g = 0; g < s.groups; g++) {
                    int dyBase = dyc.offset() + (n * s.cout + g * s.co) * s.l;
                    gemm(f32, true, false, s.kvol, s.l, s.co, wa, wc.offset() + g * s.co * s.kvol, s.kvol, dya, dyBase, s.l, col, 0, s.l);
                    col2im(s, col, dxa, dx.offset() + (n * s.cin + g * s.cg) * inPlane);
                }
            }
        });
    }

    static void backwardWeight(ConvGeometry geo, Tensor x, Tensor dy, Tensor dw) {
        Tensor xc = CpuElementwise.dense(x), dyc = CpuElementwise.dense(dy);
        Dims s = Dims.of(geo, xc.shape(), dw.shape(), dyc.shape());
        Object xa = arrayOf(xc), dya = arrayOf(dyc);
        boolean f32 = x.dtype() == DType.F32;
        if (f32 && s.shiftedPays()) {
            backwardWeightShifted(s, (float[]) xa, xc.offset(), (float[]) dya, dyc.offset(), (float[]) arrayOf(dw), dw.offset());
            return;
        }
        int inPlane = s.d * s.h * s.w;
        int wSize = s.cout * s.kvol;
        int chunks = Math.max(1, Math.min(Parallel.threads(), s.n));
        Object[] partial = new Object[chunks];
        Parallel.forRange(0, chunks, 1, (clo, chi) -> {
            for (int c = clo; c < chi; c++) {
                int lo = (int) ((long) s.n * c / chunks), hi = (int) ((long) s.n * (c + 1) / chunks);
                Object acc = f32 ? new float[wSize] : new double[wSize];
                Object col = s.pointwise() ? null : WORKSPACE.get().columns(f32, s.kvol * s.l);
                for (int n = lo; n < hi; n++) {
                    for (int g = 0; g < s.groups; g++) {
                        int xBase = xc.offset() + (n * s.cin + g * s.cg) * inPlane;
                        Object b = xa;
                        int bOff = xBase;
                        if (col != null) {
                            im2col(s, xa, xBase, col);
                            b = col;
                            bOff = 0;
                        }
                        int dyBase = dyc.offset() + (n * s.cout + g * s.co) * s.l;
                        gemm(f32, false, true, s.co, s.kvol, s.l, dya, dyBase, s.l, b, bOff, s.l, acc, g * s.co * s.kvol, s.kvol, true);
                    }
                }
                partial[c] = acc;
            }
        });
        Object out = arrayOf(dw);
        int off = dw.offset();
        for (Object p : partial) addInto(p, out, off);
    }

    /** y[c, 0..l) += bias[c0 + c] for the co rows of one output block (still in cache after its GEMM). */
    private static void addBias(Tensor bias, int c0, int co, Object y, int yBase, int l) {
        CpuStorage bs = (CpuStorage) bias.storage();
        int bo = bias.offset() + c0;
        if (y instanceof float[] yf) {
            float[] bf = bs.f32();
            for (int c = 0; c < co; c++) {
                int row = yBase + c * l;
                if (VectorLoops.SIMD) VectorLoops.binaryF32(dev.reel.engine.backend.BinaryOp.ADD, yf, row, 1, bf, bo + c, 0, yf, row, l);
                else for (int i = row; i < row + l; i++) yf[i] += bf[bo + c];
            }
        } else {
            double[] yd = (double[]) y, bd = bs.f64();
            for (int c = 0; c < co; c++) {
                double v = bd[bo + c];
                for (int i = yBase + c * l, e = i + l; i < e; i++) yd[i] += v;
            }
        }
    }

    private static void addInto(Object src, Object dst, int dstOff) {
        if (src instanceof float[] a) {
            float[] b = (float[]) dst;
            for (int i = 0; i < a.length; i++) b[dstOff + i] += a[i];
        } else {
            double[] a = (double[]) src, b = (double[]) dst;
            for (int i = 0; i < a.length; i++) b[dstOff + i] += a[i];
        }
    }

    private static void gemm(boolean f32, boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff, int ldc) {
        gemm(f32, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false);
    }

    private static void gemm(boolean f32, boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff, int ldc, boolean accumulate) {
        if (f32) {
            Gemms.sgemmBatched(ta, tb, m, n, k, (float[]) a, aOff, lda, 0, (float[]) b, bOff, ldb, 0, (float[]) c, cOff, ldc, 0, 1, accumulate);
        } else {
            Gemms.dgemmBatched(ta, tb, m, n, k, (double[]) a, aOff, lda, 0, (double[]) b, bOff, ldb, 0, (double[]) c, cOff, ldc, 0, 1, accumulate);
        }
    }

    /**
     * The output columns ox whose input column ix = ox·stride - pad + kx·dil lies inside [0, w):
     * {@code [lo, hi)}, so the loops below run without a bounds test per element.
     */
    private static int firstInside(int kOff, int stride) {
        // smallest ox >= 0 with ox*stride + kOff >= 0
        return kOff >= 0 ? 0 : (-kOff + stride - 1) / stride;
    }

    private static int endInside(int kOff, int stride, int w, int ow) {
        // one past the largest ox with ox*stride + kOff <= w - 1
        int last = w - 1 - kOff;
        return last < 0 ? 0 : Math.min(ow, last / stride + 1);
    }

    /** col[(c, kz, ky, kx), (oz, oy, ox)] = x[c, oz*s - p + kz*dil, ...] or 0 outside. */
    private static void im2col(Dims s, Object x, int xBase, Object col) {
        if (x instanceof float[] xf) im2colF32(s, xf, xBase, (float[]) col);
        else im2colF64(s, (double[]) x, xBase, (double[]) col);
    }

    private static void im2colF32(Dims s, float[] x, int xBase, float[] col) {
        int[] st = s.g.stride(), pd = s.g.padding(), dl = s.g.dilation();
        int sx = st[2], row = 0;
        for (int c = 0; c < s.cg; c++) {
            for (int kz = 0; kz < s.kd; kz++) {
                for (int ky = 0; ky < s.kh; ky++) {
                    for (int kx = 0; kx < s.kw; kx++, row++) {
                        int kOff = kx * dl[2] - pd[2];
                        int lo = Math.min(firstInside(kOff, sx), s.ow), hi = Math.max(lo, endInside(kOff, sx, s.w, s.ow));
                        int o = row * s.l;
                        for (int oz = 0; oz < s.od; oz++) {
                            int iz = oz * st[0] - pd[0] + kz * dl[0];
                            for (int oy = 0; oy < s.oh; oy++, o += s.ow) {
                                int iy = oy * st[1] - pd[1] + ky * dl[1];
                                if (iz < 0 || iz >= s.d || iy < 0 || iy >= s.h) {
                                    java.util.Arrays.fill(col, o, o + s.ow, 0f);
                                    continue;
                                }
                                int base = xBase + ((c * s.d + iz) * s.h + iy) * s.w + kOff;
                                // the padding runs are a pixel or two: plain loops, not Arrays.fill calls
                                for (int ox = 0; ox < lo; ox++) col[o + ox] = 0f;
                                if (sx == 1) {
                                    System.arraycopy(x, base + lo, col, o + lo, hi - lo);
                                } else {
                                    for (int ox = lo; ox < hi; ox++) col[o + ox] = x[base + ox * sx];
                                }
                                for (int ox = hi; ox < s.ow; ox++) col[o + ox] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void im2colF64(Dims s, double[] x, int xBase, double[] col) {
        int[] st = s.g.stride(), pd = s.g.padding(), dl = s.g.dilation();
        int sx = st[2], row = 0;
        for (int c = 0; c < s.cg; c++) {
            for (int kz = 0; kz < s.kd; kz++) {
                for (int ky = 0; ky < s.kh; ky++) {
                    for (int kx = 0; kx < s.kw; kx++, row++) {
                        int kOff = kx * dl[2] - pd[2];
                        int lo = Math.min(firstInside(kOff, sx), s.ow), hi = Math.max(lo, endInside(kOff, sx, s.w, s.ow));
                        int o = row * s.l;
                        for (int oz = 0; oz < s.od; oz++) {
                            int iz = oz * st[0] - pd[0] + kz * dl[0];
                            for (int oy = 0; oy < s.oh; oy++, o += s.ow) {
                                int iy = oy * st[1] - pd[1] + ky * dl[1];
                                if (iz < 0 || iz >= s.d || iy < 0 || iy >= s.h) {
                                    java.util.Arrays.fill(col, o, o + s.ow, 0.0);
                                    continue;
                                }
                                int base = xBase + ((c * s.d + iz) * s.h + iy) * s.w + kOff;
                                if (lo > 0) java.util.Arrays.fill(col, o, o + lo, 0.0);
                                for (int ox = lo; ox < hi; ox++) col[o + ox] = x[base + ox * sx];
                                if (hi < s.ow) java.util.Arrays.fill(col, o + hi, o + s.ow, 0.0);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The transpose of im2col: x[c, iz, iy, ix] += col[...] for every field that read it. */
    private static void col2im(Dims s, Object col, Object x, int xBase) {
        if (x instanceof float[] xf) col2imF32(s, (float[]) col, xf, xBase);
        else col2imF64(s, (double[]) col, (double[]) x, xBase);
    }

    private static void col2imF32(Dims s, float[] col, float[] x, int xBase) {
        int[] st = s.g.stride(), pd = s.g.padding(), dl = s.g.dilation();
        int sx = st[2], row = 0;
        for (int c = 0; c < s.cg; c++) {
            for (int kz = 0; kz < s.kd; kz++) {
                for (int ky = 0; ky < s.kh; ky++) {
                    for (int kx = 0; kx < s.kw; kx++, row++) {
                        int kOff = kx * dl[2] - pd[2];
                        int lo = Math.min(firstInside(kOff, sx), s.ow), hi = Math.max(lo, endInside(kOff, sx, s.w, s.ow));
                        int o = row * s.l;
                        for (int oz = 0; oz < s.od; oz++) {
                            int iz = oz * st[0] - pd[0] + kz * dl[0];
                            for (int oy = 0; oy < s.oh; oy++, o += s.ow) {
                                int iy = oy * st[1] - pd[1] + ky * dl[1];
                                if (iz < 0 || iz >= s.d || iy < 0 || iy >= s.h) continue;
                                int base = xBase + ((c * s.d + iz) * s.h + iy) * s.w + kOff;
                                if (sx == 1 && VectorLoops.SIMD) {
                                    VectorLoops.addInto(col, o + lo, x, base + lo, hi - lo);
                                } else {
                                    for (int ox = lo; ox < hi; ox++) x[base + ox * sx] += col[o + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void col2imF64(Dims s, double[] col, double[] x, int xBase) {
        int[] st = s.g.stride(), pd = s.g.padding(), dl = s.g.dilation();
        int sx = st[2], row = 0;
        for (int c = 0; c < s.cg; c++) {
            for (int kz = 0; kz < s.kd; kz++) {
                for (int ky = 0; ky < s.kh; ky++) {
                    for (int kx = 0; kx < s.kw; kx++, row++) {
                        int kOff = kx * dl[2] - pd[2];
                        int lo = Math.min(firstInside(kOff, sx), s.ow), hi = Math.max(lo, endInside(kOff, sx, s.w, s.ow));
                        int o = row * s.l;
                        for (int oz = 0; oz < s.od; oz++) {
                            int iz = oz * st[0] - pd[0] + kz * dl[0];
                            for (int oy = 0; oy < s.oh; oy++, o += s.ow) {
                                int iy = oy * st[1] - pd[1] + ky * dl[1];
                                if (iz < 0 || iz >= s.d || iy < 0 || iy >= s.h) continue;
                                int base = xBase + ((c * s.d + iz) * s.h + iy) * s.w + kOff;
                                for (int ox = lo; ox < hi; ox++) x[base + ox * sx] += col[o + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
