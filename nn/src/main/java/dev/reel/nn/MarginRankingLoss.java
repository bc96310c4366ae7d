package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * max(0, -y·(x1 - x2) + margin) for y = 1 (x1 should rank higher) or y = -1, as
 * {@code torch.nn.MarginRankingLoss} (default margin 0).
 *
 * <pre>{@code
 * Tensor loss = new MarginRankingLoss(0.5, "mean").forward(scoreA, scoreB, y);
 * }</pre>
 */
public class MarginRankingLoss extends ThreeInputLoss {
    private final double margin;

    public MarginRankingLoss() { this(0, "mean"); }

    public MarginRankingLoss(double margin, String reduction) {
        super(reduction);
        this.margin = margin;
    }

    /** input1, input2 and target of the same rank (broadcastable). */
    @Override
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return F.marginRankingLoss(input1, input2, target, margin, reduction);
    }
}
