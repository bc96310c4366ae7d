package dev.reel.engine.cpu;

import dev.reel.engine.cpu.gemm.FloatPanelSource;

/**
 * The transposed column matrix of a stride-1 convolution, {@code colᵀ[l', (c, kz, ky, kx)] =
 * xp[rowOff(c, kz, ky, kx) + l']} on the padded grid of {@link ShiftedColumns}, for the weight
 * gradient {@code dW += dy · colᵀ} as an implicit GEMM. A panel column is one contiguous run of
 * the padded image, so a panel is a transpose of {@code nr} runs read straight from it: no column
 * matrix is written first (that im2col pass had to be redone in backward, the forward's being gone).
 *
 * <pre>{@code
 * Gemm.sgemmPanels(co, kvol, lp, dyp, 0, lp, new ShiftedRows(xp, rowOff), dw, 0, kvol, true);
 * }</pre>
 */
record ShiftedRows(float[] xp, int[] rowOff) implements FloatPanelSource {
    /** Depths per pass over the columns: the panel rows being filled stay in L1. */
    private static final int BLOCK = 128;

    @Override
    public void pack(int p0, int kc, int j0, int cols, int nr, float[] dst, int dOff) {
        for (int pb = 0; pb < kc; pb += BLOCK) {
            int pe = Math.min(kc, pb + BLOCK);
            for (int j = 0; j < cols; j++) {
                int src = rowOff[j0 + j] + p0;
                for (int p = pb; p < pe; p++) dst[dOff + p * nr + j] = xp[src + p];
            }
            if (cols < nr) {
                for (int p = pb; p < pe; p++) {
                    for (int j = cols; j < nr; j++) dst[dOff + p * nr + j] = 0f;
                }
            }
        }
    }
}
