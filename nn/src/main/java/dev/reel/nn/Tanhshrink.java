package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x - tanh(x), as {@code torch.nn.Tanhshrink}.
 *
 * <pre>{@code
 * Tensor y = new Tanhshrink().call(x);
 * }</pre>
 */
public class Tanhshrink extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.tanhshrink(input); }
}
