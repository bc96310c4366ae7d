package dev.reel.engine.cpu.gemm;

import dev.reel.engine.cpu.VectorMath;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F64 building blocks of {@link DoubleGemm}: the register-tile micro-kernel, the packing of A
 * and B panels, and a dot-product kernel for short, wide products against a transposed B.
 *
 * <p>Packed layouts (zero-padded to whole tiles, so the hot loop never needs a mask):
 * <ul>
 *   <li>A panel: {@code MR} rows by {@code kc}, stored column by column: {@code ap[p * MR + r]}.</li>
 *   <li>B panel: {@code kc} by {@code NR} columns, stored row by row: {@code bp[p * NR + j]}.</li>
 * </ul>
 * The micro-kernel reads B with any row stride, so a B that is already row-major with whole
 * panels of columns is used in place, unpacked.
 */
final class DoubleKernels {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int MR = GemmTiling.MR;
    static final int NR = 2 * V;

    private DoubleKernels() {}

    /**
     * One full tile: {@code C[MR, NR] (+)= Apanel[MR, kc] * B[kc, NR]}, B rows {@code bs} apart.
     * The accumulators are plain locals so that the JIT keeps them in registers.
     */
    static void tile(int kc, double[] a, int ai, double[] b, int bi, int bs,
                     double[] c, int ci, int ldc, boolean add) {
        if (MR == 8) tile8(kc, a, ai, b, bi, bs, c, ci, ldc, add);
        else tile6(kc, a, ai, b, bi, bs, c, ci, ldc, add);
    }

    /**
     * A tile cut at the matrix edge: computed whole into {@code tmp} (MR x NR), then the valid
     * {@code rows x cols} corner is written to C. Cheaper than masks in the hot loop.
     */
    static void edgeTile(int kc, double[] a, int ai, double[] b, int bi, int bs,
                         double[] c, int ci, int ldc, boolean add, int rows, int cols, double[] tmp) {
        tile(kc, a, ai, b, bi, bs, tmp, 0, NR, false);
        for (int r = 0; r < rows; r++) {
            int cr = ci + r * ldc, tr = r * NR;
            if (add) {
                for (int j = 0; j < cols; j++) c[cr + j] += tmp[tr + j];
            } else {
                System.arraycopy(tmp, tr, c, cr, cols);
            }
        }
    }

    private static void tile8(int kc, double[] a, int ai, double[] b, int bi, int bs,
                              double[] c, int ci, int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + V);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ai]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ai + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, a[ai + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, a[ai + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            ai += 8;
            bi += bs;
        }
        // Written out, not a helper: a helper call left un-inlined boxes the accumulators,
        // and C2 stops inlining helpers here once the method is this large.
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci)); c01 = c01.add(DoubleVector.fromArray(S, c, ci + V));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + 1 * ldc)); c11 = c11.add(DoubleVector.fromArray(S, c, ci + 1 * ldc + V));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)); c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + V));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)); c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + V));
            c40 = c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)); c41 = c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + V));
            c50 = c50.add(DoubleVector.fromArray(S, c, ci + 5 * ldc)); c51 = c51.add(DoubleVector.fromArray(S, c, ci + 5 * ldc + V));
            c60 = c60.add(DoubleVector.fromArray(S, c, ci + 6 * ldc)); c61 = c61.add(DoubleVector.fromArray(S, c, ci + 6 * ldc + V));
            c70 = c70.add(DoubleVector.fromArray(S, c, ci + 7 * ldc)); c71 = c71.add(DoubleVector.fromArray(S, c, ci + 7 * ldc + V));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + V);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + V);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + V);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + V);
    }

    private static void tile6(int kc, double[] a, int ai, double[] b, int bi, int bs,
                              double[] c, int ci, int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + V);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ai]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ai + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            ai += 6;
            bi += bs;
        }
        // Written out, not a helper: a helper call left un-inlined boxes the accumulators,
        // and C2 stops inlining helpers here once the method is this large.
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci)); c01 = c01.add(DoubleVector.fromArray(S, c, ci + V));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + 1 * ldc)); c11 = c11.add(DoubleVector.fromArray(S, c, ci + 1 * ldc + V));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)); c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + V));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)); c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + V));
            c40 = c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)); c41 = c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + V));
            c50 = c50.add(DoubleVector.fromArray(S, c, ci + 5 * ldc)); c51 = c51.add(DoubleVector.fromArray(S, c, ci + 5 * ldc + V));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + V);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + V);
    }

    /**
     * Packs rows {@code [i0, i0 + mc)} and depths {@code [p0, p0 + kc)} of op(A) into MR-row
     * panels at {@code dst[0..]}; panel {@code q} starts at {@code q * MR * kc}.
     */
    static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      double[] dst) {
        for (int ir = 0, d = 0; ir < mc; ir += MR, d += MR * kc) {
            int rows = Math.min(MR, mc - ir);
            if (!transA) {
                // A is row-major m x k: each panel row is a contiguous run, written MR apart.
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) dst[d + p * MR + r] = a[src + p];
                }
            } else {
                // A is stored k x m: MR neighbouring rows of op(A) are contiguous at each depth.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    for (int r = 0; r < rows; r++) dst[d + p * MR + r] = a[src + r];
                }
            }
            if (rows < MR) {
                for (int p = 0; p < kc; p++) {
                    for (int r = rows; r < MR; r++) dst[d + p * MR + r] = 0.0;
                }
            }
        }
    }

    /**
     * Packs depths {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} of op(B) into NR-column
     * panels at {@code dst[dOff..]}; panel {@code q} starts at {@code dOff + q * NR * kc}.
     */
    static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      double[] dst, int dOff) {
        for (int jr = 0, d = dOff; jr < nc; jr += NR, d += NR * kc) {
            int cols = Math.min(NR, nc - jr);
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr, dp = d + p * NR;
                    if (cols == NR) {
                        DoubleVector.fromArray(S, b, src).intoArray(dst, dp);
                        DoubleVector.fromArray(S, b, src + V).intoArray(dst, dp + V);
                    } else {
                        for (int j = 0; j < cols; j++) dst[dp + j] = b[src + j];
                        for (int j = cols; j < NR; j++) dst[dp + j] = 0.0;
                    }
                }
            } else {
                // B is stored n x k: column j of op(B) is a contiguous run of depths. A transpose:
                // 128 depths at a time keep the panel rows being filled in L1 (1.7x faster).
                for (int pb = 0; pb < kc; pb += 128) {
                    int pe = Math.min(kc, pb + 128);
                    for (int j = 0; j < cols; j++) {
                        int src = bOff + (j0 + jr + j) * ldb + p0;
                        for (int p = pb; p < pe; p++) dst[d + p * NR + j] = b[src + p];
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        for (int j = cols; j < NR; j++) dst[d + p * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Dot-product kernel for {@code C = A * B^T} with A (m x k) and B (n x k) both row-major:
     * 4 rows by 3 columns of C at a time, vectors along k. Used where m is too small to repay
     * packing B (an LSTM step: 8 x 256 against a 1024 x 256 weight), as it reads B exactly once
     * per row block and writes nothing but C.
     *
     * <p>Rows {@code [i0, i0 + rows)} of A start at {@code a[aOff + i * lda]}; rows past
     * {@code rows} (up to 4) read from {@code pad}, a zero row of length k. Columns likewise.
     */
    static void dot4x3(int k, double[] a, int aOff, int lda, int rows, double[] b, int bOff, int ldb,
                       int cols, double[] pad, double[] sums, double[] c, int ci, int ldc, boolean add) {
        double[] a0 = a, a1 = rows > 1 ? a : pad, a2 = rows > 2 ? a : pad, a3 = rows > 3 ? a : pad;
        int o0 = aOff, o1 = rows > 1 ? aOff + lda : 0, o2 = rows > 2 ? aOff + 2 * lda : 0,
                o3 = rows > 3 ? aOff + 3 * lda : 0;
        double[] b0 = b, b1 = cols > 1 ? b : pad, b2 = cols > 2 ? b : pad;
        int q0 = bOff, q1 = cols > 1 ? bOff + ldb : 0, q2 = cols > 2 ? bOff + 2 * ldb : 0;
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S), s02 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S), s12 = DoubleVector.zero(S);
        DoubleVector s20 = DoubleVector.zero(S), s21 = DoubleVector.zero(S), s22 = DoubleVector.zero(S);
        DoubleVector s30 = DoubleVector.zero(S), s31 = DoubleVector.zero(S), s32 = DoubleVector.zero(S);
        int kv = S.loopBound(k), p = 0;
        for (; p < kv; p += V) {
            DoubleVector y0 = DoubleVector.fromArray(S, b0, q0 + p);
            DoubleVector y1 = DoubleVector.fromArray(S, b1, q1 + p);
            DoubleVector y2 = DoubleVector.fromArray(S, b2, q2 + p);
            DoubleVector x = DoubleVector.fromArray(S, a0, o0 + p);
            s00 = x.fma(y0, s00); s01 = x.fma(y1, s01); s02 = x.fma(y2, s02);
            x = DoubleVector.fromArray(S, a1, o1 + p);
            s10 = x.fma(y0, s10); s11 = x.fma(y1, s11); s12 = x.fma(y2, s12);
            x = DoubleVector.fromArray(S, a2, o2 + p);
            s20 = x.fma(y0, s20); s21 = x.fma(y1, s21); s22 = x.fma(y2, s22);
            x = DoubleVector.fromArray(S, a3, o3 + p);
            s30 = x.fma(y0, s30); s31 = x.fma(y1, s31); s32 = x.fma(y2, s32);
        }
        // The twelve lane sums go through memory: twelve inlined folds make this method too large
        // for C2's inliner, and a fold left as a call boxes its vector and runs the Vector API's
        // slow Java fallback. VectorMath.sumLanes adds the stored lanes in the fold's own order,
        // so the results are the same bits.
        double[] t = sums;
        s00.intoArray(t, 0); s01.intoArray(t, V); s02.intoArray(t, 2 * V);
        s10.intoArray(t, 3 * V); s11.intoArray(t, 4 * V); s12.intoArray(t, 5 * V);
        s20.intoArray(t, 6 * V); s21.intoArray(t, 7 * V); s22.intoArray(t, 8 * V);
        s30.intoArray(t, 9 * V); s31.intoArray(t, 10 * V); s32.intoArray(t, 11 * V);
        for (int r = 0; r < rows; r++) {
            int ar = aOff + r * lda, cr = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                double s = VectorMath.sumLanes(t, (r * 3 + j) * V, V);
                int bj = bOff + j * ldb;
                for (int pp = kv; pp < k; pp++) s = Math.fma(a[ar + pp], b[bj + pp], s);
                c[cr + j] = add ? c[cr + j] + s : s;
            }
        }
    }
}
