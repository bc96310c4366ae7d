package dev.reel.engine.cpu.gemm;

import dev.reel.engine.cpu.Parallel;

/**
 * Matrix multiplication on raw row-major arrays, the heart of the CPU backend:
 * {@code C[m, n] = op(A)[m, k] * op(B)[k, n]}, or {@code C += ...} with {@code accumulate}.
 *
 * <p>Every matrix is row-major with a leading dimension (the distance between stored rows), so
 * sub-matrix views and transposed operands need no copy: with {@code transA} A is stored
 * {@code k x m} and {@code lda >= m}, otherwise {@code m x k} and {@code lda >= k}; B likewise
 * ({@code k x n}, or {@code n x k} with {@code transB}); C is {@code m x n} with {@code ldc >= n}.
 * C must not overlap A or B. Without {@code accumulate} C is overwritten (NaNs in it do not leak).
 *
 * <p>The kernels follow the Goto/BLIS scheme (packed panels, a register-blocked Vector API
 * micro-kernel, cache blocking) and split work across {@link Parallel}. {@code -Dreel.simd=false}
 * routes every call to {@link GemmReference}.
 *
 * <pre>{@code
 * float[] a = {1, 2, 3, 4, 5, 6};         // 2 x 3
 * float[] b = {1, 0, 0, 1, 1, 1};         // 3 x 2
 * float[] c = new float[4];               // 2 x 2
 * Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false); // c = {4, 5, 10, 11}
 * }</pre>
 */
public final class Gemm {
    private Gemm() {}

    /** Whether the vector kernels are in use ({@code -Dreel.simd=false} turns them off). */
    public static boolean simd() {
        return GemmTiling.SIMD;
    }

    /** F32 GEMM: {@code C[m, n] (+)= op(A)[m, k] * op(B)[k, n]}; see the class comment for layouts. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
                c.length, cOff, ldc, 1, 0, 0, 0);
        sgemmChecked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** F64 GEMM: {@code C[m, n] (+)= op(A)[m, k] * op(B)[k, n]}; see the class comment for layouts. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        GemmChecks.check("dgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
                c.length, cOff, ldc, 1, 0, 0, 0);
        dgemmChecked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@code batch} independent F32 products; item {@code t} reads A at {@code aOff + t * aBatchStride},
     * B at {@code bOff + t * bBatchStride} and writes C at {@code cOff + t * cBatchStride}. A stride of
     * 0 shares one operand across the batch; the C items must not overlap.
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float[] c, int cOff, int ldc, boolean accumulate,
                                    int batch, int aBatchStride, int bBatchStride, int cBatchStride) {
        GemmChecks.check("sgemmBatched", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
                c.length, cOff, ldc, batch, aBatchStride, bBatchStride, cBatchStride);
        forBatch(batch, (long) m * n * k, t -> sgemmChecked(transA, transB, m, n, k,
                a, aOff + t * aBatchStride, lda, b, bOff + t * bBatchStride, ldb,
                c, cOff + t * cBatchStride, ldc, accumulate));
    }

    /** The F64 twin of {@link #sgemmBatched}. */
    public static void dgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                    double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                    double[] c, int cOff, int ldc, boolean accumulate,
                                    int batch, int aBatchStride, int bBatchStride, int cBatchStride) {
        GemmChecks.check("dgemmBatched", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
                c.length, cOff, ldc, batch, aBatchStride, bBatchStride, cBatchStride);
        forBatch(batch, (long) m * n * k, t -> dgemmChecked(transA, transB, m, n, k,
                a, aOff + t * aBatchStride, lda, b, bOff + t * bBatchStride, ldb,
                c, cOff + t * cBatchStride, ldc, accumulate));
    }

    /**
     * F32 GEMM with B produced panel by panel: {@code C[m, n] (+)= A[m, k] * B[k, n]}, A row-major
     * ({@code lda >= k}), B written on demand by {@code b} (see {@link FloatPanelSource}). The
     * implicit GEMM of a convolution: B is the column matrix of im2col, cut from the image.
     */
    public static void sgemmPanels(int m, int n, int k, float[] a, int aOff, int lda, FloatPanelSource b,
                                   float[] c, int cOff, int ldc, boolean accumulate) {
        // B is no stored matrix: its source answers for the elements it reads.
        GemmChecks.checkAC("sgemmPanels", m, n, k, a.length, aOff, lda, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (!GemmTiling.SIMD) {
            GemmReference.sgemmPanels(m, n, k, a, aOff, lda, b, c, cOff, ldc, accumulate);
        } else {
            FloatGemm.panels(m, n, k, a, aOff, lda, b, c, cOff, ldc, accumulate,
                    GemmTiling.threadsFor((long) m * n * k, Parallel.threads()));
        }
    }

    private interface Item {
        void run(int t);
    }

    /**
     * Small items run whole on one thread each, split across the pool by batch index (a call made
     * inside a worker runs serially); large items run one after another, each split inside.
     */
    private static void forBatch(int batch, long fmasPerItem, Item item) {
        if (batch > 1 && fmasPerItem < GemmTiling.MIN_FMAS_PER_THREAD * 4) {
            int threads = GemmTiling.threadsFor(fmasPerItem * batch, Parallel.threads());
            Parallel.forRange(0, batch, GemmTiling.grain(batch, threads), (lo, hi) -> {
                for (int t = lo; t < hi; t++) item.run(t);
            });
        } else {
            for (int t = 0; t < batch; t++) item.run(t);
        }
    }

    private static void sgemmChecked(boolean transA, boolean transB, int m, int n, int k,
                                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            // An empty sum: C is zero, or unchanged when accumulating.
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (!GemmTiling.SIMD) {
            GemmReference.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            FloatGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    private static void dgemmChecked(boolean transA, boolean transB, int m, int n, int k,
                                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                     double[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        if (!GemmTiling.SIMD) {
            GemmReference.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            DoubleGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }
}
