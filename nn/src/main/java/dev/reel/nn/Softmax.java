package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * softmax along {@code dim}, as {@code torch.nn.Softmax}.
 *
 * <pre>{@code
 * Tensor p = new Softmax(-1).call(logits);
 * }</pre>
 */
public class Softmax extends Layer {
    private final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return F.softmax(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
