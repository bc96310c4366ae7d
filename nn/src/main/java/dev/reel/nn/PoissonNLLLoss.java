package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Poisson negative log-likelihood, as {@code torch.nn.PoissonNLLLoss} (defaults logInput true,
 * full false, eps 1e-8): exp(x) - y·x when the input is log(rate), else x - y·log(x + eps); full
 * adds Stirling's term for y &gt; 1.
 *
 * <pre>{@code
 * Tensor loss = new PoissonNLLLoss().forward(logRates, counts);
 * }</pre>
 */
public class PoissonNLLLoss extends Loss {
    private final boolean logInput;
    private final boolean full;
    private final double eps;

    public PoissonNLLLoss() { this(true, false, 1e-8, "mean"); }

    public PoissonNLLLoss(boolean logInput, boolean full, double eps, String reduction) {
        super(reduction);
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.poissonNllLoss(input, target, logInput, full, eps, reduction); }
}
