package dev.reel.engine.cpu.gemm;

/**
 * The scalar twin of {@link Gemm}: the textbook triple loop with F64 accumulation. It is the
 * oracle the fast kernels are tested against and the path taken under {@code -Dreel.simd=false}.
 * Same arguments as {@link Gemm}; arguments are not checked here.
 *
 * <pre>{@code
 * float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
 * GemmReference.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false); // c = {19, 22, 43, 50}
 * }</pre>
 */
public final class GemmReference {
    private GemmReference() {}

    /** {@code C[m, n] (+)= op(A)[m, k] * op(B)[k, n]} in F32 storage, F64 sums. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) x * y;
                }
                c[cOff + i * ldc + j] = (float) s;
            }
        }
    }

    /** {@link Gemm#sgemmPanels}: B asked for as one panel as wide as the matrix, then the loops above. */
    public static void sgemmPanels(int m, int n, int k, float[] a, int aOff, int lda, FloatPanelSource b,
                                   float[] c, int cOff, int ldc, boolean accumulate) {
        float[] whole = new float[Math.multiplyExact(k, n)];
        b.pack(0, k, 0, n, n, whole, 0);
        sgemm(false, false, m, n, k, a, aOff, lda, whole, 0, n, c, cOff, ldc, accumulate);
    }

    /** {@code C[m, n] (+)= op(A)[m, k] * op(B)[k, n]} in F64. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
