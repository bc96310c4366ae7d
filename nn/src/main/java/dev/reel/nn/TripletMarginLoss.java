package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * max(0, margin + d(a, p) - d(a, n)), d the pairwise p-norm distance, as
 * {@code torch.nn.TripletMarginLoss} (defaults margin 1, p 2, eps 1e-6, swap false): with swap,
 * the negative distance is min(d(a, n), d(p, n)).
 *
 * <pre>{@code
 * Tensor loss = new TripletMarginLoss().forward(anchor, positive, negative);   // each (N, D)
 * }</pre>
 */
public class TripletMarginLoss extends ThreeInputLoss {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;

    public TripletMarginLoss() { this(1, 2, 1e-6, false, "mean"); }

    public TripletMarginLoss(double margin, double p, double eps, boolean swap, String reduction) {
        super(reduction);
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
    }

    @Override
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return F.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
}
