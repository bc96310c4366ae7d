package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Zeroes whole channels of (N, C, *1 dims) (or unbatched (C, *1 dims)) with probability p in
 * training, as {@code torch.nn.Dropout1d}; the identity in evaluation.
 *
 * <pre>{@code
 * var drop = new Dropout1d(0.2);
 * }</pre>
 */
public class Dropout1d extends Dropout {
    public Dropout1d() { super(0.5); }

    public Dropout1d(double p) { super(p); }

    @Override
    public Tensor forward(Tensor input) { return F.dropout1d(input, p, isTraining()); }
}
