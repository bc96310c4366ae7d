package dev.reel.nn;

/**
 * 3-D transposed convolution, as {@code torch.nn.ConvTranspose3d}; see {@link ConvTransposeNd}.
 *
 * <pre>{@code
 * var up = new ConvTranspose3d(16, 8, 2, ConvOptions.of().stride(2));
 * }</pre>
 */
public class ConvTranspose3d extends ConvTransposeNd {
    public ConvTranspose3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of());
    }

    public ConvTranspose3d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public ConvTranspose3d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(3, inChannels, outChannels, kernelSize, options);
    }
}
