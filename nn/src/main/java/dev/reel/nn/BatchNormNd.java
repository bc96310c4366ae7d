package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Batch normalization ({@link BatchNorm1d}, {@link BatchNorm2d}, {@link BatchNorm3d}), as
 * PyTorch's: weight (ones) and bias (zeros) when affine; buffers running_mean, running_var and
 * num_batches_tracked when tracking running statistics. In training the batch statistics are used
 * and the running ones updated with {@code momentum} (NaN: a cumulative average, PyTorch's
 * momentum=None); in evaluation the running statistics are used.
 */
public abstract class BatchNormNd extends Layer {
    protected final int numFeatures;
    protected final double eps;
    protected final double momentum;
    protected final boolean affine;
    protected final boolean trackRunningStats;
    private final int[] allowedDims;

    protected BatchNormNd(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, int... allowedDims) {
        if (numFeatures <= 0) throw new IllegalArgumentException(typeName() + ": num_features must be > 0, got " + numFeatures);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.allowedDims = allowedDims.clone();
        if (affine) {
            registerParameter("weight", Tensor.ones(numFeatures));
            registerParameter("bias", Tensor.zeros(numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(numFeatures));
            registerBuffer("running_var", Tensor.ones(numFeatures));
            registerBuffer("num_batches_tracked", Tensor.scalar(0, DType.I64));
        }
    }

    /** Zeros the running statistics and the batch counter. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var g = Grad.off()) {
            buffer("running_mean").zero_();
            buffer("running_var").fill_(1);
            buffer("num_batches_tracked").zero_();
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (Arrays.stream(allowedDims).noneMatch(d -> d == input.dim())) {
            throw new IllegalArgumentException(typeName() + ": expected " + (allowedDims.length == 1 ? allowedDims[0] + "D" :
                    allowedDims[0] + "D or " + allowedDims[1] + "D") + " input, got " + input.dim() + "D input of shape "
                    + Arrays.toString(input.shape()));
        }
        double factor = Double.isNaN(momentum) ? 0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor n = buffer("num_batches_tracked");
            try (var g = Grad.off()) {
                n.add_(1);
            }
            if (Double.isNaN(momentum)) factor = 1.0 / n.item();   // cumulative moving average
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        boolean updateStats = !isTraining() || trackRunningStats;
        return F.batchNorm(input, updateStats ? buffer("running_mean") : null, updateStats ? buffer("running_var") : null,
                paramOrNull("weight"), paramOrNull("bias"), useBatchStats, factor, eps);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + (Double.isNaN(momentum) ? "None" : momentum) + ", affine=" + py(affine)
                + ", track_running_stats=" + py(trackRunningStats);
    }
}
