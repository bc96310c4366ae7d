package dev.reel.bench;

/**
 * The arguments of one column-major {@code cublasSgemm} call, made from a row-major product.
 *
 * <p>cuBLAS reads matrices column by column (Fortran order), Reel stores them row by row. A
 * row-major matrix X of r rows and leading dimension ld is, read column-major with the same ld,
 * its transpose X^T. So instead of {@code C = op(A) op(B)} (row-major) we ask cuBLAS for
 * {@code C^T = op(B)^T op(A)^T} (column-major): the operands swap places, m and n swap, and each
 * operand keeps its own transpose flag, since the column-major view already transposes it once.
 * Nothing is copied or transposed in memory.
 *
 * <pre>{@code
 * // C[m x n] = A[m x k] B[k x n], all row-major and dense
 * SgemmCall call = SgemmCall.rowMajor(false, false, m, n, k, a, k, b, n, c, n);
 * cublas.sgemm(call);   // cublasSgemm_v2(N, N, n, m, k, 1, b, n, a, k, 0, c, n)
 * }</pre>
 *
 * @param transA {@link #OP_N} or {@link #OP_T} for cuBLAS's first operand
 * @param transB the same for its second operand
 * @param m rows of cuBLAS's (column-major) C
 * @param n columns of cuBLAS's C
 * @param k the summed dimension
 * @param a device address of cuBLAS's first operand
 * @param lda its leading dimension (elements between columns)
 * @param b device address of cuBLAS's second operand
 * @param ldb its leading dimension
 * @param c device address of C
 * @param ldc its leading dimension
 */
record SgemmCall(int transA, int transB, int m, int n, int k, long a, int lda, long b, int ldb, long c, int ldc) {
    /** cublasOperation_t: CUBLAS_OP_N (as stored) and CUBLAS_OP_T (transposed). */
    static final int OP_N = 0, OP_T = 1;

    /**
     * The call that computes the row-major {@code C[m x n] = op(A) op(B)}, where op(A) is m x k and
     * op(B) is k x n. Stored row-major: A is m x k (k x m when {@code transA}) with rows {@code lda}
     * apart, B is k x n (n x k when {@code transB}) with rows {@code ldb} apart, C is m x n with rows
     * {@code ldc} apart.
     *
     * @throws IllegalArgumentException naming the operand when a size is not positive or a leading
     *         dimension is shorter than the row it must hold (cuBLAS would answer
     *         CUBLAS_STATUS_INVALID_VALUE without saying which)
     */
    static SgemmCall rowMajor(boolean transA, boolean transB, int m, int n, int k,
                              long a, int lda, long b, int ldb, long c, int ldc) {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException("cublasSgemm (row-major): sizes must be positive, got m=" + m + " n=" + n
                    + " k=" + k);
        }
        checkLeading("A", transA ? "k x m" : "m x k", lda, transA ? m : k);
        checkLeading("B", transB ? "n x k" : "k x n", ldb, transB ? k : n);
        checkLeading("C", "m x n", ldc, n);
        // C^T (n x m, column-major) = op(B)^T (n x k) * op(A)^T (k x m): B first, then A.
        return new SgemmCall(transB ? OP_T : OP_N, transA ? OP_T : OP_N, n, m, k, b, ldb, a, lda, c, ldc);
    }

    private static void checkLeading(String name, String shape, int ld, int rowLength) {
        if (ld < rowLength) {
            throw new IllegalArgumentException("cublasSgemm (row-major): " + name + " is stored " + shape + " with rows "
                    + ld + " apart, but a row holds " + rowLength + " elements (need ld" + name.toLowerCase()
                    + " >= " + rowLength + ")");
        }
    }
}
