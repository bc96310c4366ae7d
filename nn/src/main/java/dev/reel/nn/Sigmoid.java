package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * 1 / (1 + exp(-x)) elementwise, as {@code torch.nn.Sigmoid}.
 *
 * <pre>{@code
 * Tensor y = new Sigmoid().call(x);
 * }</pre>
 */
public class Sigmoid extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input.sigmoid(); }
}
