package dev.reel.nn;

/**
 * 2-D adaptive max pooling, as {@code torch.nn.AdaptiveMaxPool2d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveMaxPool2d(1);    // global max pooling
 * }</pre>
 */
public class AdaptiveMaxPool2d extends AdaptivePoolNd {
    public AdaptiveMaxPool2d(int... outputSize) { super(2, true, outputSize); }
}
