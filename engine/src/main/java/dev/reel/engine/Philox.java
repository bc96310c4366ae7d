package dev.reel.engine;

/**
 * Philox 4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3" (SC'11), bit-exact with the Random123 reference.
 *
 * <p>A block is a pure function of a 64-bit key and a 128-bit counter, so any element of a random
 * stream can be computed independently: the CPU and GPU backends produce the same numbers for the
 * same seed, in any thread order. Reel's mapping: key = (seed low 32 bits, seed high 32 bits);
 * the 32-bit word number j of a stream lives in block counter (j/4 low, j/4 high, 0, 0), lane j%4.
 *
 * <pre>{@code
 * int[] r = Philox.block(0, 0, 0, 0, 0, 0);  // 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8
 * }</pre>
 */
public final class Philox {
    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    private Philox() {}

    /** Ten rounds on counter (c0..c3) with key (k0, k1). */
    public static int[] block(int k0, int k1, int c0, int c1, int c2, int c3) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** Word {@code j} of the stream of {@code seed}. */
    public static int word(long seed, long j) {
        long blk = j >>> 2;
        return block((int) seed, (int) (seed >>> 32), (int) blk, (int) (blk >>> 32), 0, 0)[(int) (j & 3)];
    }

    /** A uniform float in [0, 1) from one word: its top 24 bits. */
    public static float uniformFloat(int word) {
        return (word >>> 8) * 0x1.0p-24f;
    }

    /** A uniform double in [0, 1) from two words: 53 bits. */
    public static double uniformDouble(int w0, int w1) {
        long bits = ((w0 & 0xFFFFFFFFL) << 21) ^ ((w1 & 0xFFFFFFFFL) >>> 11);
        return (bits & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    /** A standard normal from two words (Box-Muller; the first of the pair). */
    public static double normal(int w0, int w1) {
        double u1 = ((w0 >>> 8) + 1) * 0x1.0p-24;   // (0, 1]: log is finite
        double u2 = (w1 >>> 8) * 0x1.0p-24;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
