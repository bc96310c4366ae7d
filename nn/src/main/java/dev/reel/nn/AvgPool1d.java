package dev.reel.nn;

/**
 * 1-D average pooling, as {@code torch.nn.AvgPool1d}; see {@link AvgPoolNd}.
 *
 * <pre>{@code
 * var pool = new AvgPool1d(2);
 * }</pre>
 */
public class AvgPool1d extends AvgPoolNd {
    /** Stride = kernel size, no padding. */
    public AvgPool1d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true, 0); }

    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, 0);
    }

    /** stride null: the kernel size; divisorOverride 0: none. */
    public AvgPool1d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        super(1, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
