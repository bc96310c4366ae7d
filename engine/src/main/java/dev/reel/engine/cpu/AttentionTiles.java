package dev.reel.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The small matrix products inside {@link CpuAttention}, sized for attention heads (a head dim of
 * 32-128, blocks of 64-128 queries and keys) where a general GEMM spends more time packing its
 * panels than multiplying.
 *
 * <p>{@link #mm} computes {@code C[rows, n] (+)= A[rows, k] · B[k, n]} with no packing at all: A is
 * read one scalar at a time, element (i, p) at {@code ao + i·ars + p·acs}, so a transposed A (or one
 * read in place from a strided tensor) costs nothing; B and C are dense row-major scratch whose
 * width n is a multiple of {@link #NR} (the caller pads it). The register tile is 8 rows by
 * {@link #NR} columns (16 accumulators); rows beyond a multiple of 8 take a one-row tile.
 *
 * <pre>{@code
 * // c (2 x NR) = a (2 x 3) · b (3 x NR); b and c padded to NR columns
 * AttentionTiles.mm(2, AttentionTiles.NR, 3, a, 0, 3, 1, b, 0, AttentionTiles.NR, c, 0, AttentionTiles.NR, false);
 * }</pre>
 */
final class AttentionTiles {
    private AttentionTiles() {}

    private static final VectorSpecies<Float> S = VectorLoops.FS;
    private static final int V = S.length();
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * V;

    /** n rounded up to a whole number of tiles. */
    static int padded(int n) {
        return (n + NR - 1) / NR * NR;
    }

    /** {@code C[rows, n] (+)= A[rows, k] · B[k, n]}; n a multiple of {@link #NR}; see the class comment. */
    static void mm(int rows, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo, int ldb,
                   float[] c, int co, int ldc, boolean add) {
        for (int j = 0; j < n; j += NR) {
            int r = 0;
            for (; r + 8 <= rows; r += 8) tile8(k, a, ao + r * ars, ars, acs, b, bo + j, ldb, c, co + r * ldc + j, ldc, add);
            for (; r < rows; r++) tile1(k, a, ao + r * ars, acs, b, bo + j, ldb, c, co + r * ldc + j, add);
        }
    }

    /** Eight rows of C by NR columns: the accumulators are plain locals so that they stay in registers. */
    private static void tile8(int k, float[] a, int ai, int rs, int cs, float[] b, int bi, int ldb,
                              float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int r1 = rs, r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs, r6 = 6 * rs, r7 = 7 * rs;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]);      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + r1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + r2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + r3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + r4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + r5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + r6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + r7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            ai += cs;
            bi += ldb;
        }
        // Written out, not a helper: an un-inlined helper would box the accumulators.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(S, c, ci)); c01 = c01.add(FloatVector.fromArray(S, c, ci + V));
            c10 = c10.add(FloatVector.fromArray(S, c, ci + ldc)); c11 = c11.add(FloatVector.fromArray(S, c, ci + ldc + V));
            c20 = c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)); c21 = c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V));
            c30 = c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)); c31 = c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V));
            c40 = c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)); c41 = c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V));
            c50 = c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)); c51 = c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + V));
            c60 = c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc)); c61 = c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + V));
            c70 = c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc)); c71 = c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + V));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + V);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + V);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + V);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + V);
    }

    /** One row of C by NR columns (the rows left over after the 8-row tiles). */
    private static void tile1(int k, float[] a, int ai, int cs, float[] b, int bi, int ldb, float[] c, int ci, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + V), c1);
            ai += cs;
            bi += ldb;
        }
        if (add) {
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
            c1 = c1.add(FloatVector.fromArray(S, c, ci + V));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + V);
    }

    /** dst[r·ldd + c] = src[so + r·lds + c] for c < cols, zero for cols ≤ c < ldd: rows copied into padded scratch. */
    static void gatherRows(int rows, int cols, float[] src, int so, int lds, float[] dst, int ldd) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, so + r * lds, dst, r * ldd, cols);
            java.util.Arrays.fill(dst, r * ldd + cols, (r + 1) * ldd, 0f);
        }
    }

    /** dst[c·ldd + r] = src[so + r·lds + c]: rows × cols transposed into scratch (columns from rows up to ldd zeroed). */
    static void gatherTransposed(int rows, int cols, float[] src, int so, int lds, float[] dst, int ldd) {
        for (int c = 0; c < cols; c++) java.util.Arrays.fill(dst, c * ldd + rows, (c + 1) * ldd, 0f);
        // Eight source rows at a time, written out: every index is linear in c, so the JIT hoists
        // the range checks, and each column of dst receives eight consecutive floats. (A vector
        // scatter down the columns measured slower.)
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int s0 = so + r * lds, s1 = s0 + lds, s2 = s1 + lds, s3 = s2 + lds, s4 = s3 + lds, s5 = s4 + lds, s6 = s5 + lds, s7 = s6 + lds;
            for (int c = 0; c < cols; c++) {
                int d = c * ldd + r;
                dst[d] = src[s0 + c];
                dst[d + 1] = src[s1 + c];
                dst[d + 2] = src[s2 + c];
                dst[d + 3] = src[s3 + c];
                dst[d + 4] = src[s4 + c];
                dst[d + 5] = src[s5 + c];
                dst[d + 6] = src[s6 + c];
                dst[d + 7] = src[s7 + c];
            }
        }
        for (; r < rows; r++) {
            int sr = so + r * lds;
            for (int c = 0; c < cols; c++) dst[c * ldd + r] = src[sr + c];
        }
    }

    /** dst[do + r·ldd + c] += src[r·lds + c] for c < cols: a scratch accumulator added into its tensor. */
    static void scatterAdd(int rows, int cols, float[] src, int lds, float[] dst, int dof, int ldd) {
        for (int r = 0; r < rows; r++) {
            int s = r * lds, d = dof + r * ldd, c = 0;
            for (; c < S.loopBound(cols); c += V) {
                FloatVector.fromArray(S, dst, d + c).add(FloatVector.fromArray(S, src, s + c)).intoArray(dst, d + c);
            }
            for (; c < cols; c++) dst[d + c] += src[s + c];
        }
    }
}
