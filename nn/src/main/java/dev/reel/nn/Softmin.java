package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * softmax(-x) along {@code dim}, as {@code torch.nn.Softmin}.
 *
 * <pre>{@code
 * Tensor y = new Softmin(1).call(x);
 * }</pre>
 */
public class Softmin extends Layer {
    private final int dim;

    public Softmin(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) { return F.softmin(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
