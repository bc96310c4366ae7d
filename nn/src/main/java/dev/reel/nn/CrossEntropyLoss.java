package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Cross entropy of logits (N, C, *) against class indices (N, *) or class probabilities, as
 * {@code torch.nn.CrossEntropyLoss}: optional class weights (buffer {@code weight}), ignoreIndex
 * (default -100), reduction and label smoothing.
 *
 * <pre>{@code
 * var criterion = new CrossEntropyLoss(null, -100, "mean", 0.1);
 * Tensor loss = criterion.forward(logits, labels);
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    private final int ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, -100, "mean", 0); }

    /** weight (C) may be null. */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, String reduction, double labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (weight != null) registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, buffer("weight"), ignoreIndex, reduction, labelSmoothing);
    }
}
