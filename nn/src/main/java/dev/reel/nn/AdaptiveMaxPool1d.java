package dev.reel.nn;

/**
 * 1-D adaptive max pooling, as {@code torch.nn.AdaptiveMaxPool1d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveMaxPool1d(1);    // global max pooling
 * }</pre>
 */
public class AdaptiveMaxPool1d extends AdaptivePoolNd {
    public AdaptiveMaxPool1d(int... outputSize) { super(1, true, outputSize); }
}
