package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Two-class logistic loss log(1 + exp(-y·x)) for y = ±1, as {@code torch.nn.SoftMarginLoss}.
 *
 * <pre>{@code
 * Tensor loss = new SoftMarginLoss().forward(scores, y);
 * }</pre>
 */
public class SoftMarginLoss extends Loss {
    public SoftMarginLoss() { this("mean"); }

    public SoftMarginLoss(String reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.softMarginLoss(input, target, reduction); }
}
