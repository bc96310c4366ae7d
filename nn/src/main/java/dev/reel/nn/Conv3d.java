package dev.reel.nn;

/**
 * 3-D convolution, as {@code torch.nn.Conv3d}: input (N, C_in, *3 dims) or unbatched; see {@link ConvNd}.
 *
 * <pre>{@code
 * var conv = new Conv3d(3, 16, 3, ConvOptions.of().padding(1));
 * }</pre>
 */
public class Conv3d extends ConvNd {
    public Conv3d(int inChannels, int outChannels, int kernelSize) { this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of()); }

    public Conv3d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public Conv3d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(3, inChannels, outChannels, kernelSize, options);
    }
}
