package dev.reel.nn;

/**
 * 2-D transposed convolution, as {@code torch.nn.ConvTranspose2d}; see {@link ConvTransposeNd}.
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(16, 8, 2, ConvOptions.of().stride(2));
 * }</pre>
 */
public class ConvTranspose2d extends ConvTransposeNd {
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of());
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(2, inChannels, outChannels, kernelSize, options);
    }
}
