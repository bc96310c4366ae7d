package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * min(max(0, x), 6) elementwise, as {@code torch.nn.ReLU6}.
 *
 * <pre>{@code
 * Tensor y = new ReLU6().call(x);
 * }</pre>
 */
public class ReLU6 extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input.relu6(); }
}
