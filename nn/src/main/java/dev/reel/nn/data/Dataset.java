package dev.reel.nn.data;

import java.util.function.IntFunction;

/**
 * A sized collection of samples read by index, as PyTorch's map-style {@code Dataset}. A
 * {@link DataLoader} calls {@link #get} from its worker threads, so implementations must allow
 * concurrent calls.
 *
 * <pre>{@code
 * Dataset<Example> squares = Dataset.of(100, i -> Example.of(Tensor.scalar(i), i % 2));
 * squares.get(3);
 * }</pre>
 *
 * @param <T> the sample type
 */
public interface Dataset<T> {
    /** Number of samples. */
    int size();

    /** Sample {@code index}, in {@code [0, size())}. */
    T get(int index);

    /**
     * Where sample {@code index} comes from (a file path), or null when the dataset cannot say;
     * error messages of the {@link DataLoader} name it.
     */
    default String sourceOf(int index) { return null; }

    /** Called by the loader before each epoch, for datasets whose augmentation depends on it. */
    default void setEpoch(long epoch) {}

    /** This dataset with {@code fn} applied to each sample; sources and epochs pass through. */
    default <R> Dataset<R> map(java.util.function.Function<? super T, ? extends R> fn) {
        Dataset<T> self = this;
        return new Dataset<>() {
            @Override
            public int size() { return self.size(); }

            @Override
            public R get(int index) { return fn.apply(self.get(index)); }

            @Override
            public String sourceOf(int index) { return self.sourceOf(index); }

            @Override
            public void setEpoch(long epoch) { self.setEpoch(epoch); }
        };
    }

    /** A dataset of {@code size} samples made by {@code get}. */
    static <T> Dataset<T> of(int size, IntFunction<T> get) {
        if (size < 0) throw new IllegalArgumentException("Dataset.of: size must be >= 0, got " + size);
        return new Dataset<>() {
            @Override
            public int size() { return size; }

            @Override
            public T get(int index) {
                java.util.Objects.checkIndex(index, size);
                return get.apply(index);
            }
        };
    }
}
