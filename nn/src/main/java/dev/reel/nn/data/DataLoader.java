package dev.reel.nn.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of a {@link Dataset}, in the order of a {@link Sampler}, loaded ahead by worker threads
 * (PyTorch's {@code DataLoader}). Each call to {@link #iterator()} is one epoch.
 *
 * <p>With {@code workers > 0}, up to {@code prefetch} batches are loaded (read, decoded,
 * transformed and collated) in the background while the caller trains on the current one; batches
 * still arrive in sampler order, so results do not depend on the number of workers. An exception
 * in a worker reaches the caller as a {@link DataLoaderException} naming the sample index and
 * file.
 *
 * <pre>{@code
 * var loader = DataLoader.builder(train, Collate.stack())
 *         .batchSize(16).shuffle(true).seed(42).dropLast(true).workers(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     loader.setEpoch(epoch);
 *     for (Batch b : loader) step(b);
 * }
 * }</pre>
 *
 * @param <T> sample type
 * @param <B> batch type
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final Dataset<T> dataset;
    private final Collate<T, B> collate;
    private final Sampler sampler;
    private final int batchSize;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private ExecutorService pool;
    private long epoch;

    private DataLoader(Builder<T, B> b) {
        this.dataset = b.dataset;
        this.collate = b.collate;
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2, 2 * b.workers);
        this.sampler = b.sampler != null ? b.sampler
                : b.shuffle ? Samplers.random(dataset.size(), b.seed) : Samplers.sequential(dataset.size());
    }

    /** A builder over {@code dataset} whose batches {@code collate} makes. */
    public static <T, B> Builder<T, B> builder(Dataset<T> dataset, Collate<T, B> collate) {
        return new Builder<>(dataset, collate);
    }

    /** A builder over a dataset of {@link Example}s, stacked into {@link Batch}es. */
    public static Builder<Example, Batch> builder(Dataset<Example> dataset) {
        return new Builder<>(dataset, Collate.stack());
    }

    public Dataset<T> dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    /** The epoch the next {@link #iterator()} will load. */
    public long epoch() { return epoch; }

    /** Chooses the epoch of the next iteration (its shuffle order and augmentation). */
    public void setEpoch(long epoch) { this.epoch = epoch; }

    /** Number of samples one epoch visits. */
    public int numSamples() { return sampler.indices(epoch).length; }

    /** Number of batches in one epoch. */
    public int numBatches() {
        int n = numSamples();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** One epoch (the current {@link #epoch()}, which then advances by one). */
    @Override
    public BatchIterator iterator() { return iterator(0); }

    /** One epoch starting at batch {@code firstBatch} (resuming mid-epoch); earlier batches are not loaded. */
    public BatchIterator iterator(int firstBatch) {
        long e = epoch++;
        dataset.setEpoch(e);
        int[] order = sampler.indices(e);
        int full = order.length / batchSize, rest = order.length % batchSize;
        int count = full + (rest > 0 && !dropLast ? 1 : 0);
        if (firstBatch < 0 || firstBatch > count) {
            throw new IllegalArgumentException("DataLoader: firstBatch " + firstBatch + " is outside 0.." + count);
        }
        List<int[]> batches = new ArrayList<>(count - firstBatch);
        for (int k = firstBatch; k < count; k++) {
            batches.add(Arrays.copyOfRange(order, k * batchSize, Math.min(order.length, (k + 1) * batchSize)));
        }
        return new BatchIterator(batches);
    }

    private B load(int[] indices) {
        List<T> samples = new ArrayList<>(indices.length);
        for (int i : indices) {
            try {
                samples.add(dataset.get(i));
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm) throw vm;
                String source;
                try {
                    source = dataset.sourceOf(i);
                } catch (RuntimeException ignored) {
                    source = null;   // the message must still name the index
                }
                throw new DataLoaderException(i, source, e);
            }
        }
        return collate.collate(samples, indices);
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "reel-loader-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);   // an abandoned loader must not keep the JVM alive
                return t;
            });
        }
        return pool;
    }

    /** Stops the worker threads. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    /** The batches of one epoch; {@link #close()} cancels what was loaded ahead. */
    public final class BatchIterator implements Iterator<B>, AutoCloseable {
        private final List<int[]> batches;
        private final ArrayDeque<Future<B>> ahead = new ArrayDeque<>();
        private int next;        // next batch to hand out
        private int submitted;   // batches given to the workers

        private BatchIterator(List<int[]> batches) {
            this.batches = batches;
            fill();
        }

        /** Batches left in this epoch. */
        public int remaining() { return batches.size() - next; }

        private void fill() {
            if (workers == 0) return;
            while (submitted < batches.size() && ahead.size() < prefetch) {
                int[] idx = batches.get(submitted++);
                ahead.add(pool().submit(() -> load(idx)));
            }
        }

        @Override
        public boolean hasNext() { return next < batches.size(); }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has no more batches");
            if (workers == 0) return load(batches.get(next++));
            Future<B> f = Objects.requireNonNull(ahead.poll());
            next++;
            try {
                B b = f.get();
                fill();
                return b;
            } catch (ExecutionException e) {
                close();
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException("DataLoader: a worker failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            }
        }

        @Override
        public void close() {
            for (Future<B> f : ahead) f.cancel(true);
            ahead.clear();
            next = batches.size();
        }
    }

    /** Settings of a {@link DataLoader}; defaults as PyTorch's (batch 1, no shuffle, no workers). */
    public static final class Builder<T, B> {
        private final Dataset<T> dataset;
        private final Collate<T, B> collate;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Sampler sampler;
        private int workers;
        private int prefetch;

        private Builder(Dataset<T> dataset, Collate<T, B> collate) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            this.collate = Objects.requireNonNull(collate, "collate");
        }

        public Builder<T, B> batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + n);
            batchSize = n;
            return this;
        }

        /** Visits samples in a seeded random order, a new one each epoch. */
        public Builder<T, B> shuffle(boolean on) { shuffle = on; return this; }

        public Builder<T, B> seed(long s) { seed = s; return this; }

        /** Drops the last batch when it is smaller than batchSize. */
        public Builder<T, B> dropLast(boolean on) { dropLast = on; return this; }

        /** A custom order; overrides shuffle. */
        public Builder<T, B> sampler(Sampler s) { sampler = s; return this; }

        /** Background loading threads; 0 loads in the caller's thread. */
        public Builder<T, B> workers(int n) {
            if (n < 0) throw new IllegalArgumentException("DataLoader: workers must be >= 0, got " + n);
            workers = n;
            return this;
        }

        /** Batches loaded ahead (default twice the workers, at least 2). */
        public Builder<T, B> prefetch(int n) {
            if (n < 1) throw new IllegalArgumentException("DataLoader: prefetch must be >= 1, got " + n);
            prefetch = n;
            return this;
        }

        public DataLoader<T, B> build() { return new DataLoader<>(this); }
    }
}
