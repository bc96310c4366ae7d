package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x·tanh(softplus(x)), as {@code torch.nn.Mish}.
 *
 * <pre>{@code
 * Tensor y = new Mish().call(x);
 * }</pre>
 */
public class Mish extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.mish(input); }
}
