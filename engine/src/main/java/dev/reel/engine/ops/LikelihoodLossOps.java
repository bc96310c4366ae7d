package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Negative log-likelihood losses of distributions: {@code poisson_nll_loss} and
 * {@code gaussian_nll_loss} of {@code torch.nn.functional}, composed of differentiable ops.
 *
 * <pre>{@code
 * Tensor l = LikelihoodLossOps.gaussianNllLoss(mean, target, variance, false, 1e-6, "mean");
 * }</pre>
 */
public final class LikelihoodLossOps {
    private LikelihoodLossOps() {}

    /**
     * logInput: exp(x) - y·x; otherwise x - y·log(x + eps). full adds Stirling's approximation
     * of log(y!), y·log(y) - y + ½·log(2πy), where y &gt; 1.
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        String op = "poisson_nll_loss";
        MarginLossOps.checkFloating(input, op, "input");
        MarginLossOps.checkFloating(target, op, "target");
        Shapes.broadcast(input.shape(), target.shape(), op);
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
            throw new IllegalArgumentException(op + ": " + reduction + " is not a valid value for reduction");
        }
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(Tensor.where(target.gt(1.0), stirling, stirling.newScalar(0)));
        }
        return MarginLossOps.reduce(loss, reduction, op);
    }

    /**
     * ½·(log(v) + (x - y)²/v) (+ ½·log(2π) when full), v the variance raised to at least eps.
     * var has the input's shape, or lacks its last dim, or has 1 there (one variance per row).
     * As PyTorch, the raise to eps is outside the graph: the gradient flows to var unclamped.
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        var = AutocastMode.fp32(var);
        String op = "gaussian_nll_loss";
        MarginLossOps.checkFloating(input, op, "input");
        int[] in = input.shape(), vs = var.shape();
        if (!Arrays.equals(in, vs)) {
            int[] lead = Arrays.copyOf(in, Math.max(0, in.length - 1));
            if (in.length > 0 && Arrays.equals(lead, vs)) {
                var = var.unsqueeze(-1);
            } else if (!(in.length > 0 && vs.length == in.length && Arrays.equals(lead, Arrays.copyOf(vs, vs.length - 1))
                    && vs[vs.length - 1] == 1)) {
                throw new IllegalArgumentException(op + ": var is of incorrect size: " + Arrays.toString(vs) + " for input of size "
                        + Arrays.toString(in));
            }
        }
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
            throw new IllegalArgumentException(op + ": " + reduction + " is not valid");
        }
        if (var.lt(0.0).any().itemBoolean()) throw new IllegalArgumentException(op + ": var has negative entry/entries");
        Tensor v = var.add(var.clampMin(eps).sub(var).detach());
        Tensor loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
        if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
        return MarginLossOps.reduce(loss, reduction, op);
    }
}
