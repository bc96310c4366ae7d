package dev.reel.bench;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-major to column-major mapping of {@link SgemmCall}, checked on the CPU: the mapped
 * arguments are run through a scalar model of cuBLAS's column-major SGEMM and must give the
 * row-major product.
 */
class SgemmCallTest {
    /** Device "addresses" for the model: which array an operand names. */
    private static final long A = 0x1000, B = 0x2000, C = 0x3000;

    @Test
    void plainProductSwapsOperandsAndSizes() {
        // C[2 x 5] = A[2 x 3] B[3 x 5], dense: cuBLAS computes C^T[5 x 2] = B^T A^T.
        SgemmCall call = SgemmCall.rowMajor(false, false, 2, 5, 3, A, 3, B, 5, C, 5);
        assertEquals(new SgemmCall(SgemmCall.OP_N, SgemmCall.OP_N, 5, 2, 3, B, 5, A, 3, C, 5), call);
    }

    @Test
    void transposeFlagsFollowTheirOperands() {
        SgemmCall call = SgemmCall.rowMajor(true, false, 2, 5, 3, A, 2, B, 5, C, 5);
        assertEquals(SgemmCall.OP_N, call.transA(), "cuBLAS's first operand is B, stored as is");
        assertEquals(SgemmCall.OP_T, call.transB(), "cuBLAS's second operand is A, transposed");
        call = SgemmCall.rowMajor(false, true, 2, 5, 3, A, 3, B, 3, C, 5);
        assertEquals(SgemmCall.OP_T, call.transA());
        assertEquals(SgemmCall.OP_N, call.transB());
    }

    /** Every transpose combination, odd sizes and padded rows: the model gives the row-major product. */
    @Test
    void mappedCallComputesTheRowMajorProduct() {
        Random rnd = new Random(11);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {8, 1, 9}, {13, 6, 2}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {false, true}) {
                    int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
                    int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
                    float[] a = random(rnd, aRows * lda), b = random(rnd, bRows * ldb), c = new float[m * ldc];
                    SgemmCall call = SgemmCall.rowMajor(tA, tB, m, n, k, A, lda, B, ldb, C, ldc);
                    columnMajorSgemm(call, a, b, c);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double want = 0;
                            for (int p = 0; p < k; p++) {
                                double x = tA ? a[p * lda + i] : a[i * lda + p];
                                double y = tB ? b[j * ldb + p] : b[p * ldb + j];
                                want += x * y;
                            }
                            assertEquals(want, c[i * ldc + j], 1e-4, "C[" + i + "," + j + "] of " + m + "x" + n + "x" + k
                                    + " transA=" + tA + " transB=" + tB);
                        }
                    }
                    // Padding between rows of C is never written.
                    for (int i = 0; i < m; i++) {
                        for (int j = n; j < ldc; j++) assertEquals(0f, c[i * ldc + j]);
                    }
                }
            }
        }
    }

    @Test
    void shortLeadingDimensionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SgemmCall.rowMajor(false, false, 4, 6, 5, A, 4, B, 6, C, 6));
        assertTrue(e.getMessage().contains("A is stored m x k with rows 4 apart, but a row holds 5 elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgemmCall.rowMajor(false, true, 4, 6, 5, A, 5, B, 4, C, 6));
        assertTrue(e.getMessage().contains("B is stored n x k with rows 4 apart"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgemmCall.rowMajor(false, false, 4, 6, 5, A, 5, B, 6, C, 5));
        assertTrue(e.getMessage().contains("(need ldc >= 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgemmCall.rowMajor(false, false, 0, 6, 5, A, 5, B, 6, C, 6));
        assertTrue(e.getMessage().contains("sizes must be positive, got m=0"), e.getMessage());
    }

    /**
     * cuBLAS's definition of SGEMM with alpha 1 and beta 0, column-major: C[i + j ldc] =
     * sum_p op(A)[i, p] op(B)[p, j], where op(X)[r, s] is X[r + s ldx], or X[s + r ldx] when transposed.
     * The operands are looked up by the call's addresses, so a swapped or misplaced operand shows.
     */
    private static void columnMajorSgemm(SgemmCall g, float[] a, float[] b, float[] c) {
        float[] x = operand(g.a(), a, b), y = operand(g.b(), a, b);
        assertEquals(C, g.c());
        for (int j = 0; j < g.n(); j++) {
            for (int i = 0; i < g.m(); i++) {
                double sum = 0;
                for (int p = 0; p < g.k(); p++) {
                    float xv = g.transA() == SgemmCall.OP_N ? x[i + p * g.lda()] : x[p + i * g.lda()];
                    float yv = g.transB() == SgemmCall.OP_N ? y[p + j * g.ldb()] : y[j + p * g.ldb()];
                    sum += (double) xv * yv;
                }
                c[i + j * g.ldc()] = (float) sum;
            }
        }
    }

    private static float[] operand(long address, float[] a, float[] b) {
        if (address == A) return a;
        if (address == B) return b;
        throw new AssertionError("unknown operand address " + Long.toHexString(address));
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }
}
