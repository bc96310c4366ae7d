package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Mean absolute error |input - target|, as {@code torch.nn.L1Loss}.
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);
 * }</pre>
 */
public class L1Loss extends Loss {
    public L1Loss() { this("mean"); }

    public L1Loss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.l1Loss(input, target, reduction); }
}
