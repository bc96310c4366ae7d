package dev.reel.nn;

/**
 * Instance normalization of (N, C, L) or (C, L), as {@code torch.nn.InstanceNorm1d} (see {@link InstanceNormNd}).
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm1d(64).call(sequence);
 * }</pre>
 */
public class InstanceNorm1d extends InstanceNormNd {
    /** eps 1e-5, momentum 0.1, no affine parameters, no running statistics. */
    public InstanceNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, 1);
    }
}
