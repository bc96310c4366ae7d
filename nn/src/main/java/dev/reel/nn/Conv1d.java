package dev.reel.nn;

/**
 * 1-D convolution, as {@code torch.nn.Conv1d}: input (N, C_in, *1 dims) or unbatched; see {@link ConvNd}.
 *
 * <pre>{@code
 * var conv = new Conv1d(3, 16, 3, ConvOptions.of().padding(1));
 * }</pre>
 */
public class Conv1d extends ConvNd {
    public Conv1d(int inChannels, int outChannels, int kernelSize) { this(inChannels, outChannels, new int[] {kernelSize}, ConvOptions.of()); }

    public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    public Conv1d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
        super(1, inChannels, outChannels, kernelSize, options);
    }
}
