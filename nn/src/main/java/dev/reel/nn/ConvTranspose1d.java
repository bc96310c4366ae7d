package dev.reel.nn;

/**
 * 1-D transposed convolution, as {@code torch.nn.ConvTranspose1d}; see {@link ConvTransposeNd}.
 *
 * <pre>{@code
 * var up = new ConvTranspose1d(16, 8, 2, ConvOptions.of().stride(2));
 * }</pre>
 */
public class ConvTranspose1d extends ConvTransposeNd {
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of());
    }

    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(1, inChannels, outChannels, kernelSize, options);
    }
}
