package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * The base of the loss modules whose forward takes three tensors (MarginRankingLoss,
 * CosineEmbeddingLoss, TripletMarginLoss, GaussianNLLLoss), with a reduction of "mean" (the
 * default), "sum" or "none", as PyTorch's loss classes.
 *
 * <pre>{@code
 * ThreeInputLoss criterion = new TripletMarginLoss();
 * Tensor loss = criterion.forward(anchor, positive, negative);
 * }</pre>
 */
public abstract class ThreeInputLoss extends Module {
    protected final String reduction;

    protected ThreeInputLoss(String reduction) {
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
            throw new IllegalArgumentException(typeName() + ": " + reduction + " is not a valid value for reduction");
        }
        this.reduction = reduction;
    }

    public abstract Tensor forward(Tensor a, Tensor b, Tensor c);

    public String reduction() { return reduction; }

    @Override
    protected String extraRepr() { return reduction.equals("mean") ? "" : "reduction=" + reduction; }
}
