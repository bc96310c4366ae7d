package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Zeroes elements with probability p in training and scales the rest by 1/(1-p), as
 * {@code torch.nn.Dropout} (default p = 0.5); the identity in evaluation.
 *
 * <pre>{@code
 * var drop = new Dropout(0.1);
 * Tensor y = drop.call(x);      // model.eval() turns it off
 * }</pre>
 */
public class Dropout extends Layer {
    protected final double p;

    public Dropout() { this(0.5); }

    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(typeName() + ": dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor input) { return F.dropout(input, p, isTraining()); }

    @Override
    protected String extraRepr() { return "p=" + p + ", inplace=False"; }
}
