package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * tanh(x) elementwise, as {@code torch.nn.Tanh}.
 *
 * <pre>{@code
 * Tensor y = new Tanh().call(x);
 * }</pre>
 */
public class Tanh extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input.tanh(); }
}
