package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * scale·(max(0, x) + min(0, alpha·(exp(x) - 1))) with SELU's fixed alpha ≈ 1.6733 and scale ≈ 1.0507, as {@code torch.nn.SELU}.
 *
 * <pre>{@code
 * Tensor y = new SELU().call(x);
 * }</pre>
 */
public class SELU extends Layer {
    @Override
    public Tensor forward(Tensor input) { return F.selu(input); }
}
