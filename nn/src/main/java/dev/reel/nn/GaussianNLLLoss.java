package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Gaussian negative log-likelihood ½·(log(var) + (input - target)²/var) (+ ½·log(2π) when full),
 * as {@code torch.nn.GaussianNLLLoss} (defaults full false, eps 1e-6): var has the input's shape,
 * or lacks its last dim, or has 1 there; it is raised to at least eps.
 *
 * <pre>{@code
 * Tensor loss = new GaussianNLLLoss().forward(predictedMean, target, predictedVariance);
 * }</pre>
 */
public class GaussianNLLLoss extends ThreeInputLoss {
    private final boolean full;
    private final double eps;

    public GaussianNLLLoss() { this(false, 1e-6, "mean"); }

    public GaussianNLLLoss(boolean full, double eps, String reduction) {
        super(reduction);
        this.full = full;
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target, Tensor var) { return F.gaussianNllLoss(input, target, var, full, eps, reduction); }
}
