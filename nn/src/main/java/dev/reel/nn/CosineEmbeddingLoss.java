package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * 1 - cos(x1, x2) for y = 1, max(0, cos(x1, x2) - margin) for y = -1, as
 * {@code torch.nn.CosineEmbeddingLoss} (default margin 0): x1, x2 (N, D) with y (N), or (D) with a
 * 0-D y.
 *
 * <pre>{@code
 * Tensor loss = new CosineEmbeddingLoss(0.2, "mean").forward(a, b, y);
 * }</pre>
 */
public class CosineEmbeddingLoss extends ThreeInputLoss {
    private final double margin;

    public CosineEmbeddingLoss() { this(0, "mean"); }

    public CosineEmbeddingLoss(double margin, String reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return F.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }
}
