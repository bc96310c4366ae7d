package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * log(softmax) along {@code dim}, as {@code torch.nn.LogSoftmax}.
 *
 * <pre>{@code
 * Tensor logp = new LogSoftmax(1).call(logits);
 * }</pre>
 */
public class LogSoftmax extends Layer {
    private final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return F.logSoftmax(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
