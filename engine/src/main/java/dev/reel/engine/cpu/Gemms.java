package dev.reel.engine.cpu;

/**
 * Row-major GEMM entry points used by the CPU kernels: C = op(A) · op(B), C overwritten.
 * {@code trans} means the operand is stored transposed (A as k×m, B as n×k); {@code ld} is the
 * row stride of the stored matrix.
 *
 * <p>This is the plain register-friendly loop (i-k-j: a row of C accumulates scaled rows of B), split
 * over rows across {@link Parallel}; the blocked Vector API GEMM plugs in here.
 */
public final class Gemms {
    private Gemms() {}

    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                    float[] a, int aOff, int lda, int aBatch,
                                    float[] b, int bOff, int ldb, int bBatch,
                                    float[] c, int cOff, int ldc, int cBatch, int batch) {
        // B with unit column stride is what the inner loop wants; pack it once per batch otherwise
        Parallel.forRange(0, batch * m, Math.max(1, 32768 / Math.max(1, n * Math.max(1, k) / 64)), (lo, hi) -> {
            float[] brow = transB ? new float[n] : null;
            for (int r = lo; r < hi; r++) {
                int bi = r / m, i = r % m;
                int ao = aOff + bi * aBatch, bo = bOff + bi * bBatch, co = cOff + bi * cBatch + i * ldc;
                java.util.Arrays.fill(c, co, co + n, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    if (!transB) {
                        int bp = bo + p * ldb;
                        for (int j = 0; j < n; j++) c[co + j] += av * b[bp + j];
                    } else {
                        for (int j = 0; j < n; j++) brow[j] = b[bo + j * ldb + p];
                        for (int j = 0; j < n; j++) c[co + j] += av * brow[j];
                    }
                }
            }
        });
    }

    public static void dgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                    double[] a, int aOff, int lda, int aBatch,
                                    double[] b, int bOff, int ldb, int bBatch,
                                    double[] c, int cOff, int ldc, int cBatch, int batch) {
        Parallel.forRange(0, batch * m, Math.max(1, 32768 / Math.max(1, n * Math.max(1, k) / 64)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int bi = r / m, i = r % m;
                int ao = aOff + bi * aBatch, bo = bOff + bi * bBatch, co = cOff + bi * cBatch + i * ldc;
                java.util.Arrays.fill(c, co, co + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    if (!transB) {
                        int bp = bo + p * ldb;
                        for (int j = 0; j < n; j++) c[co + j] += av * b[bp + j];
                    } else {
                        for (int j = 0; j < n; j++) c[co + j] += av * b[bo + j * ldb + p];
                    }
                }
            }
        });
    }
}
