package dev.reel.engine.cpu;

import dev.reel.engine.cpu.gemm.Gemm;

/**
 * The CPU kernels' one door to matrix multiplication: row-major C = op(A) · op(B) (or +=), batched
 * with strides. {@code trans} means the operand is stored transposed (A as k×m, B as n×k); {@code ld}
 * is the row stride of the stored matrix. The work is done by the blocked Vector API GEMM in
 * {@link Gemm}.
 */
final class Gemms {
    private Gemms() {}

    static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, int aBatch,
                             float[] b, int bOff, int ldb, int bBatch,
                             float[] c, int cOff, int ldc, int cBatch, int batch, boolean accumulate) {
        Gemm.sgemmBatched(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
                batch, aBatch, bBatch, cBatch);
    }

    static void dgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, int aBatch,
                             double[] b, int bOff, int ldb, int bBatch,
                             double[] c, int cOff, int ldc, int cBatch, int batch, boolean accumulate) {
        Gemm.dgemmBatched(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
                batch, aBatch, bBatch, cBatch);
    }
}
