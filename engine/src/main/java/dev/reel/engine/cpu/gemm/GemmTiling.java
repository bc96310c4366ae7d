package dev.reel.engine.cpu.gemm;

import jdk.incubator.vector.FloatVector;

/**
 * Machine facts that size the GEMM blocking, decided once when the class loads.
 *
 * <p>The micro-tile is {@code MR} rows by two vectors of columns. Its accumulators must all live in
 * vector registers: with 32 registers (AVX-512, NEON, SVE) 8 rows give 16 accumulators plus two
 * B vectors and a broadcast; with 16 registers (x86 with AVX2 only) 6 rows give 12, and 8 rows
 * would spill and run at half speed.
 */
final class GemmTiling {
    /** {@code -Dreel.simd=false} forces the scalar reference path everywhere. */
    static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("reel.simd", "true"));

    /** Rows of the register tile. */
    static final int MR = vectorRegisters() >= 32 ? 8 : 6;

    /** Depth of a packed panel: 512 to 1024 gave the best figures; shallower panels lose 15-30 %. */
    static final int KC = 512;

    /** Rows of A packed per block, kept in L2 (MC x KC floats, about 0.5 MB). */
    static final int MC_TARGET = 240;

    /** Columns of B packed per block, kept in L3. */
    static final int NC_TARGET = 4096;

    /**
     * Below this many multiply-adds per thread a split does not pay for waking the workers
     * (a wake-up costs tens of microseconds, about a million multiply-adds).
     */
    static final long MIN_FMAS_PER_THREAD = 1L << 19;

    private GemmTiling() {}

    /** Architectural vector registers, guessed from the architecture and the preferred width. */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        return x86 && FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512 ? 16 : 32;
    }

    /** How many threads a problem of {@code fmas} multiply-adds should use (at least 1). */
    static int threadsFor(long fmas, int maxThreads) {
        long want = fmas / MIN_FMAS_PER_THREAD;
        return (int) Math.max(1, Math.min(maxThreads, want));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Grain for {@code Parallel.forRange} so that {@code items} split into about {@code chunks}. */
    static int grain(int items, int chunks) {
        // Parallel.forRange makes min(threads, items / grain) chunks: flooring keeps that >= chunks.
        return Math.max(1, items / Math.max(1, chunks));
    }
}
