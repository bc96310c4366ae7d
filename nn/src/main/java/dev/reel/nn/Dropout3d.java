package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Zeroes whole channels of (N, C, *3 dims) (or unbatched (C, *3 dims)) with probability p in
 * training, as {@code torch.nn.Dropout3d}; the identity in evaluation.
 *
 * <pre>{@code
 * var drop = new Dropout3d(0.2);
 * }</pre>
 */
public class Dropout3d extends Dropout {
    public Dropout3d() { super(0.5); }

    public Dropout3d(double p) { super(p); }

    @Override
    public Tensor forward(Tensor input) { return F.dropout3d(input, p, isTraining()); }
}
