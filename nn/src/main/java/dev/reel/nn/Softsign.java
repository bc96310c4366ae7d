package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x / (1 + |x|), as {@code torch.nn.Softsign}.
 *
 * <pre>{@code
 * Tensor y = new Softsign().call(x);
 * }</pre>
 */
public class Softsign extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.softsign(input); }
}
