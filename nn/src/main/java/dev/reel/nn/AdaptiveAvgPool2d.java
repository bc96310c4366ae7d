package dev.reel.nn;

/**
 * 2-D adaptive avg pooling, as {@code torch.nn.AdaptiveAvgPool2d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveAvgPool2d(1);    // global avg pooling
 * }</pre>
 */
public class AdaptiveAvgPool2d extends AdaptivePoolNd {
    public AdaptiveAvgPool2d(int... outputSize) { super(2, false, outputSize); }
}
