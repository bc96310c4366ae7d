package dev.reel.engine.cpu.gemm;

/** Argument checks shared by every GEMM entry point; messages name the routine and the operand. */
final class GemmChecks {
    private GemmChecks() {}

    /** Checks sizes, strides and that every element the product touches lies inside its array. */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k,
                      int aLen, int aOff, int lda, int bLen, int bOff, int ldb,
                      int cLen, int cOff, int ldc, int batch, long aStride, long bStride, long cStride) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (batch < 0) throw new IllegalArgumentException(op + ": batch must be >= 0, got " + batch);
        if (aStride < 0 || bStride < 0 || cStride < 0) {
            throw new IllegalArgumentException(op + ": batch strides must be >= 0, got A " + aStride
                    + ", B " + bStride + ", C " + cStride);
        }
        // Stored shapes: op(A) is m x k, so A is stored m x k, or k x m when transposed.
        operand(op, "A", transA ? k : m, transA ? m : k, aLen, aOff, lda, batch, aStride);
        operand(op, "B", transB ? n : k, transB ? k : n, bLen, bOff, ldb, batch, bStride);
        operand(op, "C", m, n, cLen, cOff, ldc, batch, cStride);
        long cSpan = m == 0 || n == 0 ? 0 : (long) (m - 1) * ldc + n;
        if (batch > 1 && cSpan > 0 && cStride < cSpan) {
            throw new IllegalArgumentException(op + ": C batch stride " + cStride
                    + " makes outputs overlap (each C spans " + cSpan + " elements)");
        }
    }

    /** The checks above for a product whose B is not a stored matrix (a {@link FloatPanelSource}). */
    static void checkAC(String op, int m, int n, int k, int aLen, int aOff, int lda, int cLen, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        operand(op, "A", m, k, aLen, aOff, lda, 1, 0);
        operand(op, "C", m, n, cLen, cOff, ldc, 1, 0);
    }

    private static void operand(String op, String name, int rows, int cols, int len, int off, int ld,
                                int batch, long stride) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + name + " is " + ld
                    + " but its stored rows have " + cols + " elements");
        }
        if (off < 0) throw new IllegalArgumentException(op + ": offset of " + name + " is negative: " + off);
        if (rows == 0 || cols == 0 || batch == 0) return;
        long end = off + (long) (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (end > len) {
            throw new IllegalArgumentException(op + ": " + name + " stored " + rows + "x" + cols
                    + " (offset " + off + ", leading dimension " + ld
                    + (batch > 1 ? ", " + batch + " batches " + stride + " apart" : "")
                    + ") needs " + end + " elements but the array has " + len);
        }
    }
}
