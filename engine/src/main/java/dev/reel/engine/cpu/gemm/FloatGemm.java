package dev.reel.engine.cpu.gemm;

import static dev.reel.engine.cpu.gemm.FloatKernels.MR;
import static dev.reel.engine.cpu.gemm.FloatKernels.NR;
import static dev.reel.engine.cpu.gemm.GemmTiling.KC;
import static dev.reel.engine.cpu.gemm.GemmTiling.ceilDiv;
import static dev.reel.engine.cpu.gemm.GemmTiling.grain;

import dev.reel.engine.cpu.Parallel;

/**
 * The F32 GEMM loop nest (Goto/BLIS): {@code C[m, n] (+)= op(A)[m, k] * op(B)[k, n]}, arguments
 * already checked by {@link Gemm}.
 *
 * <p>Three plans, chosen by shape:
 * <ul>
 *   <li>{@link #tall}: m larger than one L2 block. Per depth block, B is packed once (shared,
 *       packed in parallel) and the threads split the rows; each packs its own A blocks.</li>
 *   <li>{@link #wide}: m fits one L2 block (short and wide problems, LSTM steps, conv forward).
 *       A is packed once (it is small); the threads split the columns; B is read in place when
 *       it is row-major, so the large operand is never copied.</li>
 *   <li>{@link #dotRows}: few rows against a transposed B, where packing B would cost more than
 *       the product itself.</li>
 *   <li>{@link #panels}: B never stored whole, cut into panels on demand (implicit GEMM).</li>
 * </ul>
 * Pack buffers live per thread and are reused across calls.
 */
final class FloatGemm {
    static final int MC = ceilDiv(GemmTiling.MC_TARGET, MR) * MR;
    static final int NC = ceilDiv(GemmTiling.NC_TARGET, NR) * NR;
    /**
     * Up to this many rows, {@code A * B^T} runs as dot products: measured on Zen 4 they beat
     * packing B at 8-32 rows (55 vs 30 GFLOP/s at 8 x 1024 x 256) and lose from 64 rows on.
     */
    static final int DOT_MAX_ROWS = 32;

    /** Per-thread buffers: {@code shared} is what the calling thread packs for all workers. */
    private static final class Workspace {
        float[] shared = new float[0];
        float[] own = new float[0];
        final float[] tile = new float[MR * NR];
        float[] pad = new float[0];
        /** The lanes of dot4x3's twelve accumulators. */
        final float[] sums = new float[12 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()];

        float[] shared(int size) {
            if (shared.length < size) shared = new float[size];
            return shared;
        }

        float[] own(int size) {
            if (own.length < size) own = new float[size];
            return own;
        }

        float[] pad(int size) {
            if (pad.length < size) pad = new float[size];
            return pad;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private FloatGemm() {}

    /** Picks a plan; m, n, k are all positive here. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int threads = GemmTiling.threadsFor((long) m * n * k, Parallel.threads());
        if (transB && !transA && m <= DOT_MAX_ROWS && k >= FloatKernels.V) {
            dotRows(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, threads);
        } else if (m <= MC) {
            wide(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, threads);
        } else {
            tall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, threads);
        }
    }

    /** Rows split across threads; B packed once per (column block, depth block). */
    static void tall(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        Workspace ws = WORKSPACE.get();
        int mPanels = ceilDiv(m, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc), nPanels = ceilDiv(nc, NR), j0 = jc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc), p0 = pc;
                boolean add = accumulate || pc > 0;
                float[] bp = ws.shared(nPanels * NR * kc);
                Parallel.forRange(0, nPanels, grain(nPanels, threads), (lo, hi) ->
                        FloatKernels.packB(transB, b, bOff, ldb, p0, kc, j0 + lo * NR,
                                Math.min(nc, hi * NR) - lo * NR, bp, lo * NR * kc));
                Parallel.forRange(0, mPanels, grain(mPanels, threads), (lo, hi) -> {
                    Workspace own = WORKSPACE.get();
                    float[] ap = own.own(MC * kc);
                    for (int q0 = lo; q0 < hi; q0 += MC / MR) {
                        int i0 = q0 * MR, mc = Math.min(m, Math.min(hi, q0 + MC / MR) * MR) - i0;
                        FloatKernels.packA(transA, a, aOff, lda, i0, mc, p0, kc, ap);
                        for (int jp = 0; jp < nPanels; jp++) {
                            int cols = Math.min(NR, nc - jp * NR);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int rows = Math.min(MR, mc - ir);
                                int ci = cOff + (i0 + ir) * ldc + j0 + jp * NR;
                                if (rows == MR && cols == NR) {
                                    FloatKernels.tile(kc, ap, ir * kc, bp, jp * NR * kc, NR, c, ci, ldc, add);
                                } else {
                                    FloatKernels.edgeTile(kc, ap, ir * kc, bp, jp * NR * kc, NR,
                                            c, ci, ldc, add, rows, cols, own.tile);
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /** Columns split across threads; A (at most MC rows) packed once per depth block. */
    static void wide(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        Workspace ws = WORKSPACE.get();
        int nPanels = ceilDiv(n, NR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc), p0 = pc;
            boolean add = accumulate || pc > 0;
            float[] ap = ws.shared(ceilDiv(m, MR) * MR * kc);
            FloatKernels.packA(transA, a, aOff, lda, 0, m, p0, kc, ap);
            Parallel.forRange(0, nPanels, grain(nPanels, threads), (lo, hi) -> {
                Workspace own = WORKSPACE.get();
                float[] panel = own.own(NR * kc);
                for (int jp = lo; jp < hi; jp++) {
                    int j = jp * NR, cols = Math.min(NR, n - j);
                    float[] bArr;
                    int bi, bs;
                    if (!transB && cols == NR) {
                        // Row-major B with a whole panel of columns is already in panel order.
                        bArr = b;
                        bi = bOff + p0 * ldb + j;
                        bs = ldb;
                    } else {
                        FloatKernels.packB(transB, b, bOff, ldb, p0, kc, j, cols, panel, 0);
                        bArr = panel;
                        bi = 0;
                        bs = NR;
                    }
                    for (int ir = 0; ir < m; ir += MR) {
                        int rows = Math.min(MR, m - ir), ci = cOff + ir * ldc + j;
                        if (rows == MR && cols == NR) {
                            FloatKernels.tile(kc, ap, ir * kc, bArr, bi, bs, c, ci, ldc, add);
                        } else {
                            FloatKernels.edgeTile(kc, ap, ir * kc, bArr, bi, bs, c, ci, ldc, add,
                                    rows, cols, own.tile);
                        }
                    }
                }
            });
        }
    }

    /**
     * {@code C (+)= A * B} with B produced panel by panel ({@link FloatPanelSource}): A (row-major)
     * is packed whole once per depth block, the threads split the columns, and each packs one
     * {@code kc x NR} panel at a time and runs every row tile against it while it is in L1/L2.
     * The depth is cut into equal blocks of at most {@code KC} (576 as 2 x 288, not 512 + 64), so
     * no block is too shallow to hide the cost of loading and storing C.
     */
    static void panels(int m, int n, int k, float[] a, int aOff, int lda, FloatPanelSource b,
                       float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        Workspace ws = WORKSPACE.get();
        int nPanels = ceilDiv(n, NR), block = ceilDiv(k, ceilDiv(k, KC));
        for (int pc = 0; pc < k; pc += block) {
            int kc = Math.min(block, k - pc), p0 = pc;
            boolean add = accumulate || pc > 0;
            float[] ap = ws.shared(ceilDiv(m, MR) * MR * kc);
            FloatKernels.packA(false, a, aOff, lda, 0, m, p0, kc, ap);
            Parallel.forRange(0, nPanels, grain(nPanels, threads), (lo, hi) -> {
                Workspace own = WORKSPACE.get();
                float[] panel = own.own(NR * kc);
                for (int jp = lo; jp < hi; jp++) {
                    int j = jp * NR, cols = Math.min(NR, n - j);
                    b.pack(p0, kc, j, cols, NR, panel, 0);
                    for (int ir = 0; ir < m; ir += MR) {
                        int rows = Math.min(MR, m - ir), ci = cOff + ir * ldc + j;
                        if (rows == MR && cols == NR) {
                            FloatKernels.tile(kc, ap, ir * kc, panel, 0, NR, c, ci, ldc, add);
                        } else {
                            FloatKernels.edgeTile(kc, ap, ir * kc, panel, 0, NR, c, ci, ldc, add, rows, cols, own.tile);
                        }
                    }
                }
            });
        }
    }

    /** {@code C = A * B^T} for a few rows: dot products along k, columns split across threads. */
    static void dotRows(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        int groups = ceilDiv(n, 3);
        Parallel.forRange(0, groups, grain(groups, threads), (lo, hi) -> {
            Workspace ws = WORKSPACE.get();
            float[] pad = ws.pad(k), sums = ws.sums;
            for (int g = lo; g < hi; g++) {
                int j = g * 3, cols = Math.min(3, n - j);
                for (int i = 0; i < m; i += 4) {
                    FloatKernels.dot4x3(k, a, aOff + i * lda, lda, Math.min(4, m - i),
                            b, bOff + j * ldb, ldb, cols, pad, sums, c, cOff + i * ldc + j, ldc, accumulate);
                }
            }
        });
    }
}
