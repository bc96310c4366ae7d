package dev.reel.nn.data;

import dev.reel.engine.Device;
import dev.reel.engine.Tensor;

/**
 * A collated batch: inputs stacked along a new first dimension, targets likewise, and the
 * dataset indices the samples came from (the run report uses them to show sample frames).
 *
 * <pre>{@code
 * for (Batch b : loader) { Tensor logits = model.forward(b.input()); ... b.target() ... }
 * }</pre>
 *
 * @param input   [B, ...]
 * @param target  [B] class indices (I64) or [B, ...]
 * @param indices dataset index of each row
 */
public record Batch(Tensor input, Tensor target, int[] indices) {
    /** Number of samples. */
    public int size() { return input.size(0); }

    /** The same batch on another device. */
    public Batch to(Device device) { return new Batch(input.to(device), target.to(device), indices); }
}
