package dev.reel.engine;

import dev.reel.engine.cpu.Parallel;

/**
 * Global settings: the default random generator and the number of CPU threads.
 *
 * <pre>{@code
 * Reel.manualSeed(0);        // as torch.manual_seed(0)
 * Reel.setNumThreads(2);     // as torch.set_num_threads(2)
 * }</pre>
 */
public final class Reel {
    private static final Generator DEFAULT = new Generator(Long.getLong("reel.seed", 0x5eedL));

    private Reel() {}

    /** The generator random ops use when none is given. */
    public static Generator defaultGenerator() { return DEFAULT; }

    /** Seeds the default generator. */
    public static void manualSeed(long seed) { DEFAULT.manualSeed(seed); }

    /** Threads the CPU kernels use. */
    public static void setNumThreads(int n) { Parallel.setThreads(n); }

    public static int numThreads() { return Parallel.threads(); }
}
