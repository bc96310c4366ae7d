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
 * Each pass is 8 accumulators fed by fused multiply-adds with a broadcast scalar; rows of
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
     * {@code ws} is 64 floats of scratch.
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
        FloatVector zero = FloatVector.zero(F8);
        FloatVector w0 = zero, w1 = zero, w2 = zero, w3 = zero, w4 = zero, w5 = zero, w6 = zero, w7 = zero;
        for (int m = rowMask; m != 0; m &= m - 1) {
            int u = Integer.numberOfTrailingZeros(m), k = u * 8;
            FloatVector f = FloatVector.fromArray(F8, block, k);
            zero.intoArray(block, k);
            w0 = f.fma(bc(K[k]), w0); w1 = f.fma(bc(K[k + 1]), w1); w2 = f.fma(bc(K[k + 2]), w2); w3 = f.fma(bc(K[k + 3]), w3);
            w4 = f.fma(bc(K[k + 4]), w4); w5 = f.fma(bc(K[k + 5]), w5); w6 = f.fma(bc(K[k + 6]), w6); w7 = f.fma(bc(K[k + 7]), w7);
        }
        w0.intoArray(ws, 0); w1.intoArray(ws, 8); w2.intoArray(ws, 16); w3.intoArray(ws, 24);
        w4.intoArray(ws, 32); w5.intoArray(ws, 40); w6.intoArray(ws, 48); w7.intoArray(ws, 56);
        FloatVector offset = FloatVector.broadcast(F8, OFFSET);
        FloatVector s0 = offset, s1 = offset, s2 = offset, s3 = offset, s4 = offset, s5 = offset, s6 = offset, s7 = offset;
        for (int m = colMask; m != 0; m &= m - 1) {
            int v = Integer.numberOfTrailingZeros(m);
            FloatVector k = FloatVector.fromArray(F8, K, v * 8);
            s0 = k.fma(bc(ws[v]), s0); s1 = k.fma(bc(ws[8 + v]), s1); s2 = k.fma(bc(ws[16 + v]), s2); s3 = k.fma(bc(ws[24 + v]), s3);
            s4 = k.fma(bc(ws[32 + v]), s4); s5 = k.fma(bc(ws[40 + v]), s5); s6 = k.fma(bc(ws[48 + v]), s6); s7 = k.fma(bc(ws[56 + v]), s7);
        }
        store(s0, out, at); store(s1, out, at + stride); store(s2, out, at + 2 * stride); store(s3, out, at + 3 * stride);
        store(s4, out, at + 4 * stride); store(s5, out, at + 5 * stride); store(s6, out, at + 6 * stride); store(s7, out, at + 7 * stride);
    }

    private static FloatVector bc(float x) { return FloatVector.broadcast(F8, x); }

    /** Clamps to [0, 255] (the offset already added) and truncates to bytes. */
    private static void store(FloatVector s, byte[] out, int at) {
        ((ByteVector) s.max(0f).min(255f).convertShape(VectorOperators.F2B, B8, 0)).intoArray(out, at);
    }

    /** The reference: the same fused operations in the same order, one lane at a time. */
    static void scalar(float[] block, int rowMask, int colMask, float[] ws, byte[] out, int at, int stride) {
        java.util.Arrays.fill(ws, 0f);
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
