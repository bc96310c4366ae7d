package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Layer, group and batch normalization, composed of differentiable reductions so that their
 * gradients (and second derivatives) come for free:
 * <pre>
 *   y = (x - mean) / sqrt(var + eps) · weight + bias      var is the biased variance
 * </pre>
 * They differ only in the elements a mean is taken over: the trailing {@code normalizedShape}
 * dims (layer), channels grouped per sample (group), or everything but the channel dim (batch).
 *
 * <pre>{@code
 * Tensor y = F.layerNorm(x, new int[] {512}, gamma, beta, 1e-5);
 * Tensor z = F.batchNorm(x, runningMean, runningVar, gamma, beta, true, 0.1, 1e-5);  // updates the running stats
 * }</pre>
 */
public final class NormOps {
    private NormOps() {}

    /** (x - mean) · rsqrt(var + eps) over dims, with the biased variance. */
    private static Tensor normalize(Tensor x, int[] dims, double eps) {
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor var = centered.square().mean(dims, true);
        return centered.mul(var.add(eps).rsqrt());
    }

    private static void checkFloating(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        }
    }

    /** weight and bias (either may be null) applied with shape {@code paramShape} broadcast against y. */
    private static Tensor affine(Tensor y, Tensor weight, Tensor bias, int[] viewShape) {
        Tensor r = y;
        if (weight != null) r = r.mul(weight.reshape(viewShape));
        if (bias != null) r = r.add(bias.reshape(viewShape));
        return r;
    }

    private static void checkParam(Tensor p, String name, int[] expected, String op) {
        if (p != null && !Arrays.equals(p.shape(), expected)) {
            throw new IllegalArgumentException(op + ": expected " + name + " of shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(p.shape()));
        }
    }

    /**
     * Normalizes over the last {@code normalizedShape.length} dims, which must equal
     * normalizedShape; weight and bias (nullable) have shape normalizedShape.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        String op = "layer_norm";
        checkFloating(x, op);
        int k = normalizedShape.length;
        int[] xs = x.shape();
        boolean fits = k >= 1 && k <= xs.length
                && Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape);
        if (!fits) {
            throw new IllegalArgumentException(op + ": given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "], but got input of size " + Arrays.toString(xs));
        }
        checkParam(weight, "weight", normalizedShape, op);
        checkParam(bias, "bias", normalizedShape, op);
        Tensor fused = FusedRows.layerNorm(x, normalizedShape, weight, bias, eps); // single-pass kernel for contiguous F32
        if (fused != null) return fused;
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = xs.length - k + i;
        return affine(normalize(x, dims, eps), weight, bias, normalizedShape);
    }

    /** The shape (C, 1, ..., 1) that broadcasts a per-channel vector against (N, C, *spatial). */
    private static int[] channelView(int channels, int rank) {
        int[] v = new int[rank - 1];
        Arrays.fill(v, 1);
        v[0] = channels;
        return v;
    }

    /**
     * Normalizes (N, C, *) over each of numGroups groups of C/numGroups channels per sample;
     * weight and bias (nullable) have shape (C).
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        String op = "group_norm";
        checkFloating(x, op);
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of at least 2 dims (N, C, *), got " + Arrays.toString(x.shape()));
        }
        int n = x.size(0), c = x.size(1);
        if (numGroups <= 0 || c % numGroups != 0) {
            throw new IllegalArgumentException(op + ": expected number of channels in input to be divisible by num_groups, but got "
                    + "input of shape " + Arrays.toString(x.shape()) + " and num_groups=" + numGroups);
        }
        checkParam(weight, "weight", new int[] {c}, op);
        checkParam(bias, "bias", new int[] {c}, op);
        int perGroup = x.numel() / Math.max(1, n * numGroups);
        Tensor y = normalize(x.reshape(n, numGroups, perGroup), new int[] {2}, eps).reshape(x.shape());
        return affine(y, weight, bias, channelView(c, x.dim()));
    }

    /**
     * Batch normalization of (N, C, *): in training, over the batch statistics of each channel,
     * and the running statistics (nullable, shape (C)) are updated in place, outside the graph:
     * {@code running = (1 - momentum) · running + momentum · batch}, with the unbiased variance
     * as PyTorch. In evaluation, normalizes with the running statistics.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        String op = "batch_norm";
        checkFloating(x, op);
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of at least 2 dims (N, C, *), got " + Arrays.toString(x.shape()));
        }
        int c = x.size(1);
        for (Tensor p : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (p != null && p.numel() != c) {
                String name = p == runningMean ? "running_mean" : p == runningVar ? "running_var" : p == weight ? "weight" : "bias";
                throw new IllegalArgumentException(op + ": " + name + " should contain " + c + " elements not " + p.numel());
            }
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must both be given or both be null");
        }
        int[] view = channelView(c, x.dim());
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
        Tensor y;
        if (training) {
            long perChannel = x.numel() / Math.max(1, c);
            if (perChannel <= 1) {
                throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input size "
                        + Arrays.toString(x.shape()));
            }
            Tensor centered = x.sub(x.mean(dims, true));
            Tensor var = centered.square().mean(dims, true);
            y = centered.mul(var.add(eps).rsqrt());
            if (runningMean != null) updateRunningStats(x, var, runningMean, runningVar, dims, momentum, perChannel);
        } else {
            if (runningMean == null) {
                throw new IllegalArgumentException(op + ": running_mean and running_var must be defined in evaluation mode");
            }
            y = x.sub(runningMean.reshape(view)).mul(runningVar.reshape(view).add(eps).rsqrt());
        }
        return affine(y, weight, bias, view);
    }

    private static void updateRunningStats(Tensor x, Tensor var, Tensor runningMean, Tensor runningVar, int[] dims,
                                           double momentum, long perChannel) {
        try (var off = Grad.off()) {
            Tensor batchMean = x.detach().mean(dims, false);
            // the running variance is unbiased (n / (n - 1)), the normalization above is not
            Tensor unbiased = var.detach().reshape(-1).mul((double) perChannel / (perChannel - 1));
            runningMean.copy_(runningMean.mul(1 - momentum).add(batchMean.reshape(runningMean.shape()).mul(momentum)));
            runningVar.copy_(runningVar.mul(1 - momentum).add(unbiased.reshape(runningVar.shape()).mul(momentum)));
        }
    }
}
