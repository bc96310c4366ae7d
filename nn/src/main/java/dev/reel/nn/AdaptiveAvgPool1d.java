package dev.reel.nn;

/**
 * 1-D adaptive avg pooling, as {@code torch.nn.AdaptiveAvgPool1d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveAvgPool1d(1);    // global avg pooling
 * }</pre>
 */
public class AdaptiveAvgPool1d extends AdaptivePoolNd {
    public AdaptiveAvgPool1d(int... outputSize) { super(1, false, outputSize); }
}
