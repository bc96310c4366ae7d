package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Zeroes whole channels of (N, C, *2 dims) (or unbatched (C, *2 dims)) with probability p in
 * training, as {@code torch.nn.Dropout2d}; the identity in evaluation.
 *
 * <pre>{@code
 * var drop = new Dropout2d(0.2);
 * }</pre>
 */
public class Dropout2d extends Dropout {
    public Dropout2d() { super(0.5); }

    public Dropout2d(double p) { super(p); }

    @Override
    public Tensor forward(Tensor input) { return F.dropout2d(input, p, isTraining()); }
}
