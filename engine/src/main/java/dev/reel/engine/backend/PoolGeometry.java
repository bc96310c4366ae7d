package dev.reel.engine.backend;

/**
 * The geometry of a 3-D pooling window (1-D and 2-D pools are passed as 3-D with leading sizes 1).
 *
 * <p>Fixed windows: output index o covers input {@code o*stride - pad + j*dil} for j in [0, k).
 * The output size (ceil mode resolved) is the output tensor's shape. When {@code adaptive} is true
 * the window of output o along an axis of input size I and output size O is
 * {@code [floor(o*I/O), ceil((o+1)*I/O))}, as PyTorch's adaptive pools, and the other fields are unused.
 */
public record PoolGeometry(int[] kernel, int[] stride, int[] padding, int[] dilation,
                           boolean countIncludePad, int divisorOverride, boolean adaptive) {
    /** Geometry of an adaptive pool. */
    public static PoolGeometry adaptiveWindows() {
        int[] one = {1, 1, 1};
        int[] zero = {0, 0, 0};
        return new PoolGeometry(one, one, zero, one, true, 0, true);
    }
}
