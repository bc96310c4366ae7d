package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Multi-class hinge loss, as {@code torch.nn.MultiMarginLoss} (defaults p 1, margin 1): for
 * scores (N, C) and class indices (N), Σ_{i≠y} weight[y]·max(0, margin - x[y] + x[i])^p / C;
 * optional class weights (C) registered as buffer {@code weight}.
 *
 * <pre>{@code
 * Tensor loss = new MultiMarginLoss().forward(scores, labels);
 * }</pre>
 */
public class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;

    public MultiMarginLoss() { this(1, 1.0, null, "mean"); }

    /** p is 1 or 2; weight (C) may be null. */
    public MultiMarginLoss(int p, double margin, Tensor weight, String reduction) {
        super(reduction);
        if (p != 1 && p != 2) throw new IllegalArgumentException("MultiMarginLoss: only p == 1 and p == 2 supported");
        if (weight != null && weight.dim() != 1) throw new IllegalArgumentException("MultiMarginLoss: weight must be one-dimensional");
        this.p = p;
        this.margin = margin;
        if (weight != null) registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.multiMarginLoss(input, target, p, margin, buffer("weight"), reduction); }
}
