package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Binary cross entropy of probabilities against targets in [0, 1], as {@code torch.nn.BCELoss}:
 * optional element weights (buffer {@code weight}, broadcast to the input).
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().forward(probabilities, targets);
 * }</pre>
 */
public class BCELoss extends Loss {
    public BCELoss() { this(null, "mean"); }

    public BCELoss(Tensor weight, String reduction) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.binaryCrossEntropy(input, target, buffer("weight"), reduction); }
}
