package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * x for x ≥ 0, negativeSlope·x otherwise, as {@code torch.nn.LeakyReLU} (default slope 0.01).
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.2).call(x);
 * }</pre>
 */
public class LeakyReLU extends Layer {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor input) { return input.leakyRelu(negativeSlope); }

    @Override
    protected String extraRepr() { return "negative_slope=" + negativeSlope; }
}
