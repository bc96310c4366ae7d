package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x for y = 1, max(0, margin - x) for y = -1, as {@code torch.nn.HingeEmbeddingLoss} (default
 * margin 1); x is typically a distance between two embeddings.
 *
 * <pre>{@code
 * Tensor loss = new HingeEmbeddingLoss().forward(distances, y);
 * }</pre>
 */
public class HingeEmbeddingLoss extends Loss {
    private final double margin;

    public HingeEmbeddingLoss() { this(1.0, "mean"); }

    public HingeEmbeddingLoss(double margin, String reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.hingeEmbeddingLoss(input, target, margin, reduction); }
}
