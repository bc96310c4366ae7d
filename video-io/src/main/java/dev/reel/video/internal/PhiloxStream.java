package dev.reel.video.internal;

import dev.reel.engine.Philox;

/**
 * A sequential reader of the engine's Philox stream for one seed: word {@code j} is
 * {@code Philox.word(seed, j)}, computed a block of four at a time. Cheap to create, not
 * thread-safe; one per clip or per sample.
 */
public final class PhiloxStream {
    private final int k0, k1;
    private long block;
    private int[] words;
    private int lane = 4;

    public PhiloxStream(long seed) {
        this.k0 = (int) seed;
        this.k1 = (int) (seed >>> 32);
    }

    /** The next 32-bit word. */
    public int nextInt() {
        if (lane == 4) {
            words = Philox.block(k0, k1, (int) block, (int) (block >>> 32), 0, 0);
            block++;
            lane = 0;
        }
        return words[lane++];
    }

    public long nextLong() { return (long) nextInt() << 32 ^ (nextInt() & 0xFFFFFFFFL); }

    /** Uniform in [0, 1), 53 bits. */
    public double nextDouble() { return Philox.uniformDouble(nextInt(), nextInt()); }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("PhiloxStream.nextInt: bound must be > 0, got " + bound);
        return (int) Math.floor(nextDouble() * bound);
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) { return lo + (hi - lo) * nextDouble(); }

    /** Standard normal. */
    public double nextGaussian() { return Philox.normal(nextInt(), nextInt()); }

    public boolean nextBoolean() { return nextInt() < 0; }
}
