package dev.reel.nn;

/**
 * Batch normalization of (N, C, D, H, W) over all but the channel dimension, as
 * {@code torch.nn.BatchNorm3d}; see {@link BatchNormNd}.
 *
 * <pre>{@code
 * var bn = new BatchNorm3d(64);
 * bn.stateDict().keySet();   // [weight, bias, running_mean, running_var, num_batches_tracked]
 * }</pre>
 */
public class BatchNorm3d extends BatchNormNd {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm3d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    /** momentum NaN: cumulative average (PyTorch's momentum=None). */
    public BatchNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, 5);
    }
}
