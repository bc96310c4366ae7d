package dev.reel.nn.data;

/**
 * The order in which a {@link DataLoader} visits dataset indices, one epoch at a time. The
 * order of an epoch depends only on the sampler's settings and the epoch number, so a run resumed
 * at epoch {@code e} sees exactly the batches the uninterrupted run saw.
 *
 * <pre>{@code
 * Sampler s = Samplers.random(1000, 42);
 * int[] epoch0 = s.indices(0), epoch1 = s.indices(1);   // two different permutations
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {
    /** The dataset indices of epoch {@code epoch}, in visiting order. */
    int[] indices(long epoch);
}
