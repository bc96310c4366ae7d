package dev.reel.nn;

/**
 * Instance normalization of (N, C, D, H, W) or (C, D, H, W), as {@code torch.nn.InstanceNorm3d} (see {@link InstanceNormNd}).
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm3d(32).call(clip);
 * }</pre>
 */
public class InstanceNorm3d extends InstanceNormNd {
    /** eps 1e-5, momentum 0.1, no affine parameters, no running statistics. */
    public InstanceNorm3d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, 3);
    }
}
