package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Multi-label one-versus-all logistic loss, averaged over the C classes, as
 * {@code torch.nn.MultiLabelSoftMarginLoss}: input (N, C) of logits, target (N, C) of 0/1, and
 * optional class weights (C) registered as buffer {@code weight}.
 *
 * <pre>{@code
 * Tensor loss = new MultiLabelSoftMarginLoss().forward(logits, tags);
 * }</pre>
 */
public class MultiLabelSoftMarginLoss extends Loss {
    public MultiLabelSoftMarginLoss() { this(null, "mean"); }

    /** weight (C) may be null. */
    public MultiLabelSoftMarginLoss(Tensor weight, String reduction) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.multilabelSoftMarginLoss(input, target, buffer("weight"), reduction); }
}
