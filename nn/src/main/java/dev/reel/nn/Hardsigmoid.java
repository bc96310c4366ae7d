package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * relu6(x + 3)/6, as {@code torch.nn.Hardsigmoid}.
 *
 * <pre>{@code
 * Tensor y = new Hardsigmoid().call(x);
 * }</pre>
 */
public class Hardsigmoid extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.hardsigmoid(input); }
}
