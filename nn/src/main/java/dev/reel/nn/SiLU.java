package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * x · sigmoid(x) elementwise (swish), as {@code torch.nn.SiLU}.
 *
 * <pre>{@code
 * Tensor y = new SiLU().call(x);
 * }</pre>
 */
public class SiLU extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input.silu(); }
}
