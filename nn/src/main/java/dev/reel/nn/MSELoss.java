package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Mean squared error (input - target)², as {@code torch.nn.MSELoss}.
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);
 * }</pre>
 */
public class MSELoss extends Loss {
    public MSELoss() { this("mean"); }

    public MSELoss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.mseLoss(input, target, reduction); }
}
