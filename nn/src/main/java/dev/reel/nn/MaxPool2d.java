package dev.reel.nn;

/**
 * 2-D max pooling, as {@code torch.nn.MaxPool2d}; see {@link MaxPoolNd}.
 *
 * <pre>{@code
 * var pool = new MaxPool2d(3, 2, 1);    // kernel 3, stride 2, padding 1
 * }</pre>
 */
public class MaxPool2d extends MaxPoolNd {
    /** Stride = kernel size, no padding. */
    public MaxPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false); }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** stride null: the kernel size. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        super(2, kernelSize, stride, padding, dilation, ceilMode);
    }
}
