package dev.reel.nn.data;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * The standard samplers: sequential, random (a seeded permutation per epoch, or draws with
 * replacement), weighted random, and a distributed one that gives each of several replicas its
 * own share of a common permutation.
 *
 * <pre>{@code
 * Samplers.sequential(n);                          // 0, 1, ..., n-1
 * Samplers.random(n, 42);                           // a permutation per epoch
 * Samplers.weighted(classWeights, n, true, 42);     // oversample rare classes
 * Samplers.distributed(n, 4, rank, true, 42);       // replica `rank` of 4
 * }</pre>
 */
public final class Samplers {
    private Samplers() {}

    /** 0, 1, ..., size-1 every epoch. */
    public static Sampler sequential(int size) {
        checkSize("sequential", size);
        return epoch -> {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) out[i] = i;
            return out;
        };
    }

    /** A fresh permutation of 0..size-1 each epoch, from the seed and the epoch. */
    public static Sampler random(int size, long seed) {
        checkSize("random", size);
        return epoch -> permutation(size, generator(seed, epoch));
    }

    /** {@code numSamples} indices drawn uniformly with replacement each epoch. */
    public static Sampler randomWithReplacement(int size, int numSamples, long seed) {
        checkSize("randomWithReplacement", size);
        if (size == 0 && numSamples > 0) throw new IllegalArgumentException("Samplers.randomWithReplacement: cannot draw from an empty dataset");
        return epoch -> {
            Generator g = generator(seed, epoch);
            int[] out = new int[numSamples];
            for (int i = 0; i < numSamples; i++) out[i] = (int) g.nextLong(size);
            return out;
        };
    }

    /**
     * {@code numSamples} indices drawn with probability proportional to {@code weights[i]} (as
     * PyTorch's {@code WeightedRandomSampler}); without replacement, each index at most once.
     */
    public static Sampler weighted(double[] weights, int numSamples, boolean replacement, long seed) {
        double[] w = weights.clone();
        double total = 0;
        int positive = 0;
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("Samplers.weighted: weight " + i + " is " + w[i] + "; weights must be finite and >= 0");
            }
            total += w[i];
            if (w[i] > 0) positive++;
        }
        if (numSamples < 0) throw new IllegalArgumentException("Samplers.weighted: numSamples must be >= 0, got " + numSamples);
        if (numSamples > 0 && total == 0) throw new IllegalArgumentException("Samplers.weighted: all weights are zero");
        if (!replacement && numSamples > positive) {
            throw new IllegalArgumentException("Samplers.weighted: cannot draw " + numSamples + " samples without replacement from "
                    + positive + " indices of positive weight");
        }
        double[] cumulative = new double[w.length];
        double acc = 0;
        for (int i = 0; i < w.length; i++) cumulative[i] = acc += w[i];
        final double sum = total;
        return epoch -> {
            Generator g = generator(seed, epoch);
            int[] out = new int[numSamples];
            if (replacement) {
                for (int k = 0; k < numSamples; k++) out[k] = search(cumulative, g.nextDouble() * sum);
            } else {
                // Efraimidis-Spirakis: the numSamples largest keys u^(1/w) are a weighted draw without replacement.
                double[] keys = new double[w.length];
                Integer[] order = new Integer[w.length];
                for (int i = 0; i < w.length; i++) {
                    double u = g.nextDouble();
                    keys[i] = w[i] > 0 ? Math.log(Math.max(u, Double.MIN_VALUE)) / w[i] : Double.NEGATIVE_INFINITY;
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
                for (int k = 0; k < numSamples; k++) out[k] = order[k];
            }
            return out;
        };
    }

    /**
     * The share of replica {@code rank} of {@code replicas}: a common (optionally shuffled) order,
     * padded by wrapping around to a multiple of {@code replicas}, then every replicas-th index
     * (as PyTorch's {@code DistributedSampler}).
     */
    public static Sampler distributed(int size, int replicas, int rank, boolean shuffle, long seed) {
        checkSize("distributed", size);
        if (replicas < 1 || rank < 0 || rank >= replicas) {
            throw new IllegalArgumentException("Samplers.distributed: need 0 <= rank < replicas, got rank " + rank + " of " + replicas);
        }
        if (size == 0) throw new IllegalArgumentException("Samplers.distributed: the dataset is empty");
        return epoch -> {
            int[] all = shuffle ? permutation(size, generator(seed, epoch)) : sequential(size).indices(epoch);
            int per = (size + replicas - 1) / replicas;
            int[] out = new int[per];
            for (int k = 0; k < per; k++) out[k] = all[(rank + k * replicas) % size];
            return out;
        };
    }

    private static int search(double[] cumulative, double x) {
        int lo = 0, hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        // Zero-weight indices share their cumulative value with the one before: never chosen.
        return lo;
    }

    private static int[] permutation(int n, Generator g) {
        if (n == 0) return new int[0];
        long[] p = Tensor.randperm(g, n).toLongArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) p[i];
        return out;
    }

    /** A generator for (seed, epoch): a SplitMix64 mix, so nearby seeds and epochs give unrelated streams. */
    static Generator generator(long seed, long epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + (epoch + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Generator(z ^ (z >>> 31));
    }

    private static void checkSize(String name, int size) {
        if (size < 0) throw new IllegalArgumentException("Samplers." + name + ": size must be >= 0, got " + size);
    }
}
