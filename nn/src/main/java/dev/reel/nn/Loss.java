package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * The base of the loss modules: {@code forward(input, target)} with a reduction of "mean" (the
 * default), "sum" or "none", as PyTorch's loss classes. Class or element weights are registered as
 * buffers named {@code weight} / {@code pos_weight}, as PyTorch does, so they move with
 * {@link #to} and appear in the state dict.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(logits, labels);
 * }</pre>
 */
public abstract class Loss extends Module {
    protected final String reduction;

    protected Loss(String reduction) {
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none") && !reduction.equals("batchmean")) {
            throw new IllegalArgumentException(typeName() + ": " + reduction + " is not a valid value for reduction");
        }
        this.reduction = reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);

    public String reduction() { return reduction; }

    @Override
    protected String extraRepr() { return reduction.equals("mean") ? "" : "reduction=" + reduction; }
}
