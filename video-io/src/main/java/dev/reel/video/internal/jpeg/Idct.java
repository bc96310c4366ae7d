package dev.reel.video.internal.jpeg;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8x8 inverse DCT of JPEG (A.3.3), from dequantised coefficients in natural (row-major)
 * order to level-shifted, rounded and clamped 8-bit samples.
 *
 * <p>It is written as two matrix products, {@code S = K^T F K} with
 * {@code K[u][x] = C(u)/2 cos((2x+1) u pi / 16)}, so neither pass needs a transpose:
 * <pre>
 *   pass 1 (columns): W[y][.] = sum over u of K[u][y] * F[u][.]     rows of F are vectors, 8 lanes
 *   pass 2 (rows):    S[y][.] = sum over v of W[y][v] * K[v][.]     rows of K are vectors
 * </pre>
 * Each pass accumulates 8 row vectors with fused multiply-adds by a broadcast scalar; rows of
 * {@code F} that are all zero (most of them, after quantisation) are skipped in pass 1 and
 * columns in pass 2, and a block with only a DC coefficient is a flat fill. Float keeps the
 * error of each sample far below one level (IEEE 1180 accuracy); results may differ by one level
 * from libjpeg's integer "islow" transform (rounding happens at different steps), which is the
 * tolerance the tests allow. The scalar twin performs the same fused operations in the same
 * order and gives identical samples; {@code -Dreel.simd=false} forces it.
 */
final class Idct {
    private Idct() {}

    static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("reel.simd", "true"))
            && FloatVector.SPECIES_PREFERRED.length() >= 8;

    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;

    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** {@code K[u * 8 + x]}. */
    static final float[] K = new float[64];

    static {
        for (int u = 0; u < 8; u++) {
            double c = u == 0 ? Math.sqrt(0.5) : 1;
            for (int x = 0; x < 8; x++) K[u * 8 + x] = (float) (c / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16));
        }
    }

    /** Level shift plus 0.5, so that truncating a non-negative float rounds half up. */
    private static final float OFFSET = 128.5f;

    /**
     * Transforms {@code block} (natural order; {@code rowMask} bit u set where row u may be
     * non-zero, {@code colMask} likewise for columns) into 8 rows of 8 samples at
     * {@code out[at..]}, {@code stride} apart, and clears the block for the next one.
     * {@code ws} is 128 floats of scratch.
     */
    static void transform(float[] block, int rowMask, int colMask, float[] ws, byte[] out, int at, int stride) {
        if (rowMask == 1 && colMask == 1) {
            fill(block, out, at, stride);
        } else if (SIMD) {
            vector(block, rowMask, colMask, ws, out, at, stride);
        } else {
            scalar(block, rowMask, colMask, ws, out, at, stride);
        }
    }

    /** DC only: every sample is {@code DC / 8 + 128}, rounded as libjpeg rounds it. */
    private static void fill(float[] block, byte[] out, int at, int stride) {
        int dc = (int) block[0];
        block[0] = 0;
        int s = ((dc + 4) >> 3) + 128;
        long row = (s < 0 ? 0 : Math.min(s, 255)) * 0x0101010101010101L;  // the sample in all 8 bytes
        for (int y = 0; y < 8; y++, at += stride) LONG.set(out, at, row);
    }

    private static void vector(float[] block, int rowMask, int colMask, float[] ws, byte[] out, int at, int stride) {
        // The accumulators live in ws (pass 1: ws[0..63], pass 2: ws[64..127]) rather than in
        // vector locals: vectors carried around a loop with a data-dependent trip count are boxed
        // on the heap by C2, which costs more than these L1-resident loads and stores.
        FloatVector zero = FloatVector.zero(F8);
        FloatVector f = FloatVector.fromArray(F8, block, 0);  // row 0 is always in the mask
        zero.intoArray(block, 0);
        for (int y = 0; y < 8; y++) f.mul(bc(K[y])).intoArray(ws, 8 * y);
        for (int m = rowMask & (rowMask - 1); m != 0; m &= m - 1) {
            int k = Integer.numberOfTrailingZeros(m) * 8;
            FloatVector g = FloatVector.fromArray(F8, block, k);
            zero.intoArray(block, k);
            for (int y = 0; y < 8; y++) g.fma(bc(K[k + y]), FloatVector.fromArray(F8, ws, 8 * y)).intoArray(ws, 8 * y);
        }
        FloatVector offset = FloatVector.broadcast(F8, OFFSET), k0 = FloatVector.fromArray(F8, K, 0);
        for (int y = 0; y < 8; y++) k0.fma(bc(ws[8 * y]), offset).intoArray(ws, 64 + 8 * y);  // column 0 is always in the mask
        for (int m = colMask & (colMask - 1); m != 0; m &= m - 1) {
            int v = Integer.numberOfTrailingZeros(m);
            FloatVector k = FloatVector.fromArray(F8, K, v * 8);
            for (int y = 0; y < 8; y++) k.fma(bc(ws[8 * y + v]), FloatVector.fromArray(F8, ws, 64 + 8 * y)).intoArray(ws, 64 + 8 * y);
        }
        for (int y = 0; y < 8; y++) store(FloatVector.fromArray(F8, ws, 64 + 8 * y), out, at + y * stride);
    }

    private static FloatVector bc(float x) { return FloatVector.broadcast(F8, x); }

    /** Clamps to [0, 255] (the offset already added) and truncates to bytes. */
    private static void store(FloatVector s, byte[] out, int at) {
        ((ByteVector) s.max(0f).min(255f).convertShape(VectorOperators.F2B, B8, 0)).intoArray(out, at);
    }

    /** The reference: the same fused operations in the same order, one lane at a time. */
    static void scalar(float[] block, int rowMask, int colMask, float[] ws, byte[] out, int at, int stride) {
        java.util.Arrays.fill(ws, 0, 64, 0f);
        for (int m = rowMask; m != 0; m &= m - 1) {
            int k = Integer.numberOfTrailingZeros(m) * 8;
            for (int y = 0; y < 8; y++) {
                for (int v = 0; v < 8; v++) ws[y * 8 + v] = Math.fma(block[k + v], K[k + y], ws[y * 8 + v]);
            }
            java.util.Arrays.fill(block, k, k + 8, 0f);
        }
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                float s = OFFSET;
                for (int m = colMask; m != 0; m &= m - 1) {
                    int v = Integer.numberOfTrailingZeros(m);
                    s = Math.fma(K[v * 8 + x], ws[y * 8 + v], s);
                }
                out[at + y * stride + x] = (byte) (int) Math.min(Math.max(s, 0f), 255f);
            }
        }
    }
}
