package dev.reel.nn;

/**
 * 3-D max pooling, as {@code torch.nn.MaxPool3d}; see {@link MaxPoolNd}.
 *
 * <pre>{@code
 * var pool = new MaxPool3d(3, 2, 1);    // kernel 3, stride 2, padding 1
 * }</pre>
 */
public class MaxPool3d extends MaxPoolNd {
    /** Stride = kernel size, no padding. */
    public MaxPool3d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false); }

    public MaxPool3d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** stride null: the kernel size. */
    public MaxPool3d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(3, kernelSize, stride, padding, dilation, ceilMode);
    }
}
