package dev.reel.nn;

/**
 * 1-D max pooling, as {@code torch.nn.MaxPool1d}; see {@link MaxPoolNd}.
 *
 * <pre>{@code
 * var pool = new MaxPool1d(3, 2, 1);    // kernel 3, stride 2, padding 1
 * }</pre>
 */
public class MaxPool1d extends MaxPoolNd {
    /** Stride = kernel size, no padding. */
    public MaxPool1d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false); }

    public MaxPool1d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** stride null: the kernel size. */
    public MaxPool1d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(1, kernelSize, stride, padding, dilation, ceilMode);
    }
}
