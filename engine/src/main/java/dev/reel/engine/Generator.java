package dev.reel.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A random-number generator: a seed and a position in its Philox stream. Every random op takes
 * the next words of the stream, so results depend only on the seed and the order of random ops,
 * never on threads or devices.
 *
 * <pre>{@code
 * var g = new Generator(42);
 * Tensor a = Tensor.rand(g, 3, 4);
 * long state = g.offset();     // save ...
 * g.setState(42, state);       // ... and restore
 * }</pre>
 */
public final class Generator {
    private volatile long seed;
    private final AtomicLong offset = new AtomicLong();

    public Generator(long seed) {
        this.seed = seed;
    }

    /** Re-seeds and rewinds to the start of the stream (as {@code torch.manual_seed}). */
    public void manualSeed(long seed) {
        this.seed = seed;
        offset.set(0);
    }

    public long seed() { return seed; }

    /** The next unused word of the stream. */
    public long offset() { return offset.get(); }

    /** Restores a state saved with {@link #seed()} and {@link #offset()}. */
    public void setState(long seed, long offset) {
        this.seed = seed;
        this.offset.set(offset);
    }

    /**
     * Reserves {@code words} words and returns the first one's position; reservations are rounded
     * up to whole Philox blocks of 4 so that a later call never shares a block.
     */
    public long reserve(long words) {
        long rounded = (words + 3) & ~3L;
        return offset.getAndAdd(rounded);
    }

    /** A uniform double in [0, 1) (uses two words). */
    public double nextDouble() {
        long at = reserve(2);
        return Philox.uniformDouble(Philox.word(seed, at), Philox.word(seed, at + 1));
    }

    /** A uniform long in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("Generator.nextLong: bound must be > 0, got " + bound);
        return (long) Math.floor(nextDouble() * bound);
    }
}
