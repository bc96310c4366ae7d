package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Binary cross entropy of logits (a stable sigmoid + BCE), as {@code torch.nn.BCEWithLogitsLoss}:
 * optional element weights (buffer {@code weight}) and per-class positive weights (buffer
 * {@code pos_weight}).
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().forward(logits, targets);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
    public BCEWithLogitsLoss() { this(null, "mean", null); }

    public BCEWithLogitsLoss(Tensor weight, String reduction, Tensor posWeight) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight);
        if (posWeight != null) registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, buffer("weight"), buffer("pos_weight"), reduction);
    }
}
