package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * x for x &gt; 0, alpha·(exp(x) - 1) otherwise, as {@code torch.nn.ELU} (default alpha 1).
 *
 * <pre>{@code
 * Tensor y = new ELU().call(x);
 * }</pre>
 */
public class ELU extends Layer {
    private final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override
    public Tensor forward(Tensor input) { return input.elu(alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}
