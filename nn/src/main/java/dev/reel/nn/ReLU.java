package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * max(0, x) elementwise, as {@code torch.nn.ReLU}.
 *
 * <pre>{@code
 * Tensor y = new ReLU().call(x);
 * }</pre>
 */
public class ReLU extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input.relu(); }
}
