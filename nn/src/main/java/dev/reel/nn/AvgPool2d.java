package dev.reel.nn;

/**
 * 2-D average pooling, as {@code torch.nn.AvgPool2d}; see {@link AvgPoolNd}.
 *
 * <pre>{@code
 * var pool = new AvgPool2d(2);
 * }</pre>
 */
public class AvgPool2d extends AvgPoolNd {
    /** Stride = kernel size, no padding. */
    public AvgPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true, 0); }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, 0);
    }

    /** stride null: the kernel size; divisorOverride 0: none. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        super(2, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
