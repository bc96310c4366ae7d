package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Instance normalization, as {@code torch.nn.functional.instance_norm}: each (sample, channel)
 * plane of (N, C, *) is normalized over its own spatial elements. Written as PyTorch writes it:
 * the input seen as (1, N·C, *) goes through batch norm, so each plane becomes one "channel";
 * the running statistics (nullable, shape (C)) are updated with the mean over the batch of the
 * per-plane statistics.
 *
 * <pre>{@code
 * Tensor y = InstanceNormOps.instanceNorm(x, null, null, gamma, beta, true, 0.1, 1e-5);
 * }</pre>
 */
public final class InstanceNormOps {
    private InstanceNormOps() {}

    /**
     * useInputStats: normalize with each plane's own statistics (and update the running ones when
     * given); otherwise with the running statistics, which must then be given.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        String op = "instance_norm";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of at least 2 dims (N, C, *), got " + Arrays.toString(x.shape()));
        }
        int n = x.size(0), c = x.size(1);
        if (useInputStats && x.numel() / Math.max(1, n * c) <= 1) {
            throw new IllegalArgumentException(op + ": Expected more than 1 spatial element when training, got input size "
                    + Arrays.toString(x.shape()));
        }
        for (Tensor p : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (p != null && p.numel() != c) {
                String name = p == runningMean ? "running_mean" : p == runningVar ? "running_var" : p == weight ? "weight" : "bias";
                throw new IllegalArgumentException(op + ": " + name + " should contain " + c + " elements not " + p.numel());
            }
        }
        if (!useInputStats && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(op + ": Expected running_mean and running_var to be defined when use_input_stats is false");
        }
        int[] planes = x.shape().clone();
        planes[0] = 1;
        planes[1] = n * c;
        Tensor rm = runningMean == null ? null : runningMean.detach().repeat(n);
        Tensor rv = runningVar == null ? null : runningVar.detach().repeat(n);
        Tensor w = weight == null ? null : weight.repeat(n);
        Tensor b = bias == null ? null : bias.repeat(n);
        Tensor y = NormOps.batchNorm(x.reshape(planes), rm, rv, w, b, useInputStats, momentum, eps);
        if (useInputStats && runningMean != null) {
            // every sample updated its own copy of the statistics: the new ones are their mean
            try (var off = Grad.off()) {
                runningMean.copy_(rm.reshape(n, c).mean(0, false).reshape(runningMean.shape()));
                runningVar.copy_(rv.reshape(n, c).mean(0, false).reshape(runningVar.shape()));
            }
        }
        return y.reshape(x.shape());
    }
}
