package dev.reel.nn;

/**
 * 3-D adaptive max pooling, as {@code torch.nn.AdaptiveMaxPool3d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveMaxPool3d(1);    // global max pooling
 * }</pre>
 */
public class AdaptiveMaxPool3d extends AdaptivePoolNd {
    public AdaptiveMaxPool3d(int... outputSize) { super(3, true, outputSize); }
}
