package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Instance normalization ({@link InstanceNorm1d}, {@link InstanceNorm2d}, {@link InstanceNorm3d}),
 * as PyTorch's: each (sample, channel) plane is normalized over its own spatial elements. Defaults
 * as PyTorch: affine false (when true: weight ones, bias zeros), trackRunningStats false (when
 * true: buffers running_mean, running_var and num_batches_tracked, the statistics used in
 * evaluation). Unbatched inputs (C, *spatial) are accepted.
 */
public abstract class InstanceNormNd extends Layer {
    protected final int numFeatures;
    protected final double eps;
    protected final double momentum;
    protected final boolean affine;
    protected final boolean trackRunningStats;
    private final int spatialDims;

    protected InstanceNormNd(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, int spatialDims) {
        if (numFeatures <= 0) throw new IllegalArgumentException(typeName() + ": num_features must be > 0, got " + numFeatures);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.spatialDims = spatialDims;
        if (affine) {
            registerParameter("weight", Tensor.ones(numFeatures));
            registerParameter("bias", Tensor.zeros(numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(numFeatures));
            registerBuffer("running_var", Tensor.ones(numFeatures));
            // kept for PyTorch's state dict keys; instance norm does not count batches
            registerBuffer("num_batches_tracked", Tensor.scalar(0, DType.I64));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        int unbatched = spatialDims + 1;
        if (input.dim() != unbatched && input.dim() != unbatched + 1) {
            throw new IllegalArgumentException(typeName() + ": expected " + unbatched + "D or " + (unbatched + 1) + "D input (got "
                    + input.dim() + "D input of shape " + Arrays.toString(input.shape()) + ")");
        }
        int featureDim = input.dim() - unbatched;
        if (input.size(featureDim) != numFeatures && (affine || trackRunningStats)) {
            throw new IllegalArgumentException(typeName() + ": expected input's size at dim=" + featureDim + " to match num_features ("
                    + numFeatures + "), but got: " + input.size(featureDim) + ".");
        }
        Tensor x = input.dim() == unbatched ? input.unsqueeze(0) : input;
        Tensor y = F.instanceNorm(x, buffer("running_mean"), buffer("running_var"), paramOrNull("weight"), paramOrNull("bias"),
                isTraining() || !trackRunningStats, momentum, eps);
        return input.dim() == unbatched ? y.squeeze(0) : y;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + py(affine)
                + ", track_running_stats=" + py(trackRunningStats);
    }
}
