package dev.reel.nn;

/**
 * Instance normalization of (N, C, H, W) or (C, H, W), as {@code torch.nn.InstanceNorm2d} (see {@link InstanceNormNd}).
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm2d(64, 1e-5, 0.1, true, false).call(image);
 * }</pre>
 */
public class InstanceNorm2d extends InstanceNormNd {
    /** eps 1e-5, momentum 0.1, no affine parameters, no running statistics. */
    public InstanceNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, 2);
    }
}
