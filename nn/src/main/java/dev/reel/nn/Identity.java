package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * Returns its input, as {@code torch.nn.Identity}: a placeholder where a layer is optional.
 *
 * <pre>{@code
 * Layer downsample = needsProjection ? new Conv2d(64, 128, 1) : new Identity();
 * }</pre>
 */
public class Identity extends Layer {
    @Override
    public Tensor forward(Tensor input) { return input; }
}
