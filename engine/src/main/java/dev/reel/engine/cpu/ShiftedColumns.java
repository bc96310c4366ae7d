package dev.reel.engine.cpu;

import dev.reel.engine.cpu.gemm.FloatPanelSource;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The column matrix of a stride-1 convolution as shifted views of one zero-padded image, for the
 * implicit GEMM {@link dev.reel.engine.cpu.gemm.Gemm#sgemmPanels}.
 *
 * <p>With the input zero-padded to {@code xp[Cg, Dp, Hp, Wp]} and the outputs numbered on the
 * padded grid, {@code l' = (oz·Hp + oy)·Wp + ox}, the im2col matrix is
 * {@code col[(c, kz, ky, kx), l'] = xp[rowOff(c, kz, ky, kx) + l']} with
 * {@code rowOff = ((c·Dp + kz·dz)·Hp + ky·dy)·Wp + kx·dx}: every row is the padded image itself,
 * shifted. A panel row is then one contiguous run, copied with whole vectors and no edge tests;
 * the outputs at {@code ox >= oW} (the padding columns of the grid) come out as well and are
 * dropped by the caller. im2col, by contrast, splits each row at the image border and wrote a
 * matrix several times larger than the image.
 *
 * <pre>{@code
 * Gemm.sgemmPanels(co, lp, kvol, w, wOff, kvol, new ShiftedColumns(xp, rowOff), out, 0, lp, false);
 * }</pre>
 */
record ShiftedColumns(float[] xp, int[] rowOff) implements FloatPanelSource {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    /** The row offsets for a kernel of {@code cg} channels and kD x kH x kW taps on a padded grid. */
    static int[] rowOffsets(int cg, int kd, int kh, int kw, int[] dilation, int dp, int hp, int wp) {
        int[] off = new int[cg * kd * kh * kw];
        int r = 0;
        for (int c = 0; c < cg; c++) {
            for (int kz = 0; kz < kd; kz++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        off[r++] = ((c * dp + kz * dilation[0]) * hp + ky * dilation[1]) * wp + kx * dilation[2];
                    }
                }
            }
        }
        return off;
    }

    @Override
    public void pack(int p0, int kc, int j0, int cols, int nr, float[] dst, int dOff) {
        if (cols == nr && nr % V == 0) {
            for (int p = 0; p < kc; p++) {
                int src = rowOff[p0 + p] + j0, d = dOff + p * nr;
                for (int j = 0; j < nr; j += V) FloatVector.fromArray(S, xp, src + j).intoArray(dst, d + j);
            }
        } else {
            // the last panel: its columns past the matrix are zeros (and may lie past the image)
            for (int p = 0; p < kc; p++) {
                int src = rowOff[p0 + p] + j0, d = dOff + p * nr;
                for (int j = 0; j < cols; j++) dst[d + j] = xp[src + j];
                for (int j = cols; j < nr; j++) dst[d + j] = 0f;
            }
        }
    }
}
