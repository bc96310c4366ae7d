package dev.reel.nn;

/**
 * 2-D convolution, as {@code torch.nn.Conv2d}: input (N, C_in, *2 dims) or unbatched; see {@link ConvNd}.
 *
 * <pre>{@code
 * var conv = new Conv2d(3, 16, 3, ConvOptions.of().padding(1));
 * }</pre>
 */
public class Conv2d extends ConvNd {
    public Conv2d(int inChannels, int outChannels, int kernelSize) { this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of()); }

    public Conv2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(2, inChannels, outChannels, kernelSize, options);
    }
}
