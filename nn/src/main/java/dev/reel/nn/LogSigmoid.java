package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * log(sigmoid(x)), computed stably as -softplus(-x), as {@code torch.nn.LogSigmoid}.
 *
 * <pre>{@code
 * Tensor y = new LogSigmoid().call(x);
 * }</pre>
 */
public class LogSigmoid extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.logsigmoid(input); }
}
