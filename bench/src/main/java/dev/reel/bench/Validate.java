package dev.reel.bench;

import java.util.SplittableRandom;

/** Checks a benchmark's result before it is timed: a fast wrong kernel is no result. */
final class Validate {
    private Validate() {}

    /** Compares 64 sampled elements of {@code C = op(A) op(B)} with F64 dot products. */
    static void sampled(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda,
                        float[] b, int ldb, float[] c, int ldc, SplittableRandom rnd) {
        sampled(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, rnd, 2 * (k + 2) * 0x1p-24);
    }

    /**
     * As above, allowing {@code |c - exact| <= relative * sum |a·b|}: 2(k+2)·2^-24 for F32 sums,
     * more where the inputs are rounded first (TF32, BF16 tensor cores).
     */
    static void sampled(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda,
                        float[] b, int ldb, float[] c, int ldc, SplittableRandom rnd, double relative) {
        for (int s = 0; s < 64; s++) {
            int i = rnd.nextInt(m), j = rnd.nextInt(n);
            double sum = 0, abs = 0;
            for (int p = 0; p < k; p++) {
                double x = transA ? a[p * lda + i] : a[i * lda + p];
                double y = transB ? b[j * ldb + p] : b[p * ldb + j];
                sum += x * y;
                abs += Math.abs(x * y);
            }
            double tol = relative * abs;
            if (!(Math.abs(c[i * ldc + j] - sum) <= tol)) {
                throw new IllegalStateException("benchmark result wrong at C[" + i + "," + j + "]: "
                        + c[i * ldc + j] + " vs " + sum);
            }
        }
    }
}
