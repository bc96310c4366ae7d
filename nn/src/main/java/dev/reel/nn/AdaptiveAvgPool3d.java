package dev.reel.nn;

/**
 * 3-D adaptive avg pooling, as {@code torch.nn.AdaptiveAvgPool3d}; see {@link AdaptivePoolNd}.
 *
 * <pre>{@code
 * var pool = new AdaptiveAvgPool3d(1);    // global avg pooling
 * }</pre>
 */
public class AdaptiveAvgPool3d extends AdaptivePoolNd {
    public AdaptiveAvgPool3d(int... outputSize) { super(3, false, outputSize); }
}
