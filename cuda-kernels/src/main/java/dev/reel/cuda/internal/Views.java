package dev.reel.cuda.internal;

import java.util.Arrays;

/**
 * Shapes and strides as the kernels see them: the {@code View} struct of {@code common.cuh}
 * (int32 ndim, int32 offset, int32 sizes[8], int32 strides[8]; 72 bytes), and the coalescing
 * that merges dims so that most views fit in 8 dims and contiguous ones become one.
 *
 * <pre>{@code
 * // a contiguous (2, 3, 4) tensor and its transposed twin share no mergeable dims;
 * // alone, the contiguous one coalesces to sizes [24], strides [1]
 * Views.Coalesced c = Views.coalesce(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}});
 * }</pre>
 */
public final class Views {
    public static final int MAX_DIMS = 8;
    public static final int BYTES = 8 + 2 * 4 * MAX_DIMS;

    private Views() {}

    /** A shape shared by several views, each with its own strides. */
    public record Coalesced(int[] sizes, int[][] strides) {
        /** True when the single dim (or none) has stride 1 in every view. */
        public boolean contiguous() {
            if (sizes.length == 0) return true;
            if (sizes.length > 1) return false;
            for (int[] s : strides) if (s[0] != 1) return false;
            return true;
        }
    }

    /**
     * Drops size-1 dims and merges dim d into d+1 where every view has
     * {@code stride[d] == stride[d+1] * size[d+1]}, keeping the row-major order of the elements.
     */
    public static Coalesced coalesce(int[] sizes, int[][] strides) {
        int n = sizes.length, v = strides.length;
        int[] outSizes = new int[n];
        int[][] outStrides = new int[v][n];
        int r = 0;
        for (int d = 0; d < n; d++) {
            if (sizes[d] == 1) continue;
            boolean merge = r > 0;
            for (int k = 0; k < v && merge; k++) merge = outStrides[k][r - 1] == strides[k][d] * sizes[d];
            if (merge) {
                outSizes[r - 1] *= sizes[d];
                for (int k = 0; k < v; k++) outStrides[k][r - 1] = strides[k][d];
            } else {
                outSizes[r] = sizes[d];
                for (int k = 0; k < v; k++) outStrides[k][r] = strides[k][d];
                r++;
            }
        }
        int[][] st = new int[v][];
        for (int k = 0; k < v; k++) st[k] = Arrays.copyOf(outStrides[k], r);
        return new Coalesced(Arrays.copyOf(outSizes, r), st);
    }

    /** Writes one View struct at {@code offset} of {@code dst}; fails clearly beyond 8 dims. */
    public static void write(java.lang.foreign.MemorySegment dst, long at, int[] sizes, int[] strides, int offset,
                             String op) {
        if (sizes.length > MAX_DIMS) {
            throw new IllegalArgumentException(op + ": CUDA kernels take views of at most " + MAX_DIMS
                    + " dims after merging, got sizes " + Arrays.toString(sizes) + " with strides "
                    + Arrays.toString(strides) + "; make the tensor contiguous first");
        }
        var INT = java.lang.foreign.ValueLayout.JAVA_INT;
        dst.set(INT, at, sizes.length);
        dst.set(INT, at + 4, offset);
        for (int d = 0; d < MAX_DIMS; d++) {
            dst.set(INT, at + 8 + 4L * d, d < sizes.length ? sizes[d] : 1);
            dst.set(INT, at + 8 + 4L * MAX_DIMS + 4L * d, d < sizes.length ? strides[d] : 0);
        }
    }
}
