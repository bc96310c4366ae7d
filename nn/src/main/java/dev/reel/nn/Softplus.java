package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * log(1 + exp(beta·x)) / beta, linear above {@code threshold}, as {@code torch.nn.Softplus}
 * (defaults beta 1, threshold 20).
 *
 * <pre>{@code
 * Tensor y = new Softplus().call(x);
 * }</pre>
 */
public class Softplus extends Layer {
    private final double beta;
    private final double threshold;

    public Softplus() { this(1, 20); }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) { return input.softplus(beta, threshold); }

    @Override
    protected String extraRepr() { return "beta=" + beta + ", threshold=" + threshold; }
}
