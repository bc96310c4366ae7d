package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;

/**
 * Randomized leaky ReLU, as {@code torch.nn.RReLU} (defaults lower 1/8, upper 1/3): in training
 * each negative element gets its own slope, uniform in [lower, upper), drawn from the generator
 * (the default one unless given); in evaluation the slope is (lower + upper)/2.
 *
 * <pre>{@code
 * Tensor y = new RReLU(0.1, 0.3).call(x);
 * }</pre>
 */
public class RReLU extends Layer {
    private final double lower;
    private final double upper;
    private final Generator generator;

    public RReLU() { this(1.0 / 8, 1.0 / 3); }

    public RReLU(double lower, double upper) { this(lower, upper, null); }

    /** generator null means the default generator at each call. */
    public RReLU(double lower, double upper, Generator generator) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("RReLU: Lower bound should be less than or equal to the upper bound, got lower="
                    + lower + ", upper=" + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.rrelu(input, lower, upper, isTraining(), generator == null ? Reel.defaultGenerator() : generator);
    }

    @Override
    protected String extraRepr() { return "lower=" + lower + ", upper=" + upper; }
}
