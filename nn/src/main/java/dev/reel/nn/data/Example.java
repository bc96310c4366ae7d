package dev.reel.nn.data;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

/**
 * One supervised sample: an input tensor and its target (a class index as a 0-d I64 tensor, or
 * any tensor for regression). {@link Collate#stack()} turns a list of them into a {@link Batch}.
 *
 * <pre>{@code
 * Example e = Example.of(clip, 3);     // target: tensor(3) as I64
 * }</pre>
 *
 * @param input  the model input of one sample
 * @param target its target
 */
public record Example(Tensor input, Tensor target) {
    /** An example with a class-index target. */
    public static Example of(Tensor input, long label) {
        return new Example(input, Tensor.scalar(label, DType.I64));
    }
}
