package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x·relu6(x + 3)/6, as {@code torch.nn.Hardswish}.
 *
 * <pre>{@code
 * Tensor y = new Hardswish().call(x);
 * }</pre>
 */
public class Hardswish extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.hardswish(input); }
}
