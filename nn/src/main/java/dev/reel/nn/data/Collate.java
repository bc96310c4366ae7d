package dev.reel.nn.data;

import dev.reel.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the samples of one batch into the value the training loop consumes (PyTorch's
 * {@code collate_fn}). The loader passes the samples and their dataset indices.
 *
 * <pre>{@code
 * DataLoader<Example, Batch> l = DataLoader.builder(ds, Collate.stack()).batchSize(8).build();
 * }</pre>
 *
 * @param <T> sample type
 * @param <B> batch type
 */
@FunctionalInterface
public interface Collate<T, B> {
    B collate(List<T> samples, int[] indices);

    /** Stacks the inputs and the targets of {@link Example}s along a new first dimension. */
    static Collate<Example, Batch> stack() {
        return (samples, indices) -> {
            if (samples.isEmpty()) throw new IllegalArgumentException("Collate.stack: empty batch");
            List<Tensor> xs = new ArrayList<>(samples.size()), ys = new ArrayList<>(samples.size());
            int[] shape0 = samples.get(0).input().shape();
            for (int i = 0; i < samples.size(); i++) {
                Example e = samples.get(i);
                if (!Arrays.equals(e.input().shape(), shape0)) {
                    throw new IllegalArgumentException("Collate.stack: sample " + indices[i] + " has input shape "
                            + Arrays.toString(e.input().shape()) + " but sample " + indices[0] + " has " + Arrays.toString(shape0)
                            + "; resize or crop clips to one size, or pass a custom collate");
                }
                xs.add(e.input());
                ys.add(e.target());
            }
            return new Batch(Tensor.stack(xs, 0), Tensor.stack(ys, 0), indices.clone());
        };
    }

    /** The samples themselves, as a list (no stacking). */
    static <T> Collate<T, List<T>> list() { return (samples, indices) -> List.copyOf(samples); }
}
