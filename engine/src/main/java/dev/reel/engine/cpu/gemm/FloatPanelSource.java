package dev.reel.engine.cpu.gemm;

/**
 * The B operand of {@link Gemm#sgemmPanels}, produced panel by panel instead of read from a stored
 * matrix: an implicit GEMM. A convolution passes one that cuts its panels straight out of the
 * image, so the column matrix of im2col is never written whole (it would be several times larger
 * than the image and fall out of cache before the product reads it).
 *
 * <pre>{@code
 * // op(B)[p, j] = p + j, a k x n matrix that exists only as panels
 * FloatPanelSource b = (p0, kc, j0, cols, nr, dst, dOff) -> {
 *     for (int p = 0; p < kc; p++)
 *         for (int j = 0; j < nr; j++) dst[dOff + p * nr + j] = j < cols ? p0 + p + j0 + j : 0f;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface FloatPanelSource {
    /**
     * Writes rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + cols)} of op(B) as a panel of
     * {@code kc} rows by {@code nr} floats: row {@code p} at {@code dst[dOff + (p - p0) * nr ..]}.
     * Columns {@code cols .. nr} of every row must be written as zeros ({@code cols <= nr}).
     */
    void pack(int p0, int kc, int j0, int cols, int nr, float[] dst, int dOff);
}
