package dev.reel.nn;

/**
 * 3-D average pooling, as {@code torch.nn.AvgPool3d}; see {@link AvgPoolNd}.
 *
 * <pre>{@code
 * var pool = new AvgPool3d(2);
 * }</pre>
 */
public class AvgPool3d extends AvgPoolNd {
    /** Stride = kernel size, no padding. */
    public AvgPool3d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true, 0); }

    public AvgPool3d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, 0);
    }

    /** stride null: the kernel size; divisorOverride 0: none. */
    public AvgPool3d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        super(3, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
