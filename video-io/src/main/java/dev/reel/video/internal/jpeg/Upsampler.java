package dev.reel.video.internal.jpeg;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Brings a subsampled component to full resolution one output row at a time, either as FFmpeg
 * converts decoded MJPEG to RGB (every sample replicated over its block, swscale's unscaled
 * path) or as libjpeg 6b (the JDK's ImageIO) does, so that frames match ImageIO's: 2x horizontal (4:2:2) and 2x2
 * (4:2:0) use its "fancy" triangle filter (each output sample 3/4 of the nearer input sample
 * and 1/4 of the next, with libjpeg's alternating rounding bias), other integral ratios
 * (4:1:1, 1x2, 4x...) replicate samples (box). Edges repeat the last real sample or row of
 * the component, as libjpeg's context rows do. Components narrower than 3 samples are
 * replicated too (libjpeg's rule).
 *
 * <p>The fancy filters run in two steps: the vertical 3:1 sums (or the samples themselves for
 * 2x1) go into a row of shorts with the edge sample repeated at both ends; then each output
 * pair is {@code (3 c + left + bias0) >> shift} and {@code (3 c + right + bias1) >> shift}. The
 * vector version computes the pair as the low and high byte of one short lane, which laid out
 * in memory is exactly the interleaved even/odd output. The scalar twin follows libjpeg's loops;
 * {@code -Dreel.simd=false} forces it.
 */
final class Upsampler {
    static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("reel.simd", "true"))
            && ShortVector.SPECIES_PREFERRED.length() >= 16;

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    /** Bytes for one short lane each. */
    private static final VectorSpecies<Byte> B = SIMD ? ByteVector.SPECIES_PREFERRED.withShape(
            jdk.incubator.vector.VectorShape.forBitSize(S.vectorBitSize() / 2)) : ByteVector.SPECIES_64;
    private static final int L = S.length();

    /** Whether 2x1 and 2x2 use the triangle filter; otherwise every ratio replicates samples. */
    private final boolean fancy;

    /** {@code fancy}: libjpeg's triangle filter for 2x1 and 2x2 (ImageIO's pixels); else box replication (FFmpeg's). */
    Upsampler(boolean fancy) { this.fancy = fancy; }

    /** libjpeg's upsampling, as ImageIO decodes. */
    Upsampler() { this(true); }

    /** Sums with one repeated sample at each end: {@code sums[1 + x]}, x in 0..width-1. */
    private short[] sums = new short[0];

    /**
     * Writes output row {@code y} (0-based, full resolution) of {@code c}, {@code width} samples,
     * into {@code out[0..]} (which has room for {@code width + 2 * L + 2} bytes); {@code hr, vr}
     * are the factors hMax / h and vMax / v.
     */
    void row(Component c, int y, int hr, int vr, int width, byte[] out) {
        byte[] in = c.plane;
        int stride = c.stride, n = c.width;
        if (!fancy || n <= 2 || hr != 2 || vr > 2) {
            box(in, Math.min(y / vr, c.height - 1) * stride, hr, width, out);
            return;
        }
        int at = (y / vr) * stride, other = at;
        if (vr == 2) {
            int r = y >> 1;
            // The nearer neighbour row: above for even output rows, below for odd ones.
            other = ((y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, c.height - 1)) * stride;
        }
        if (!SIMD) {
            if (vr == 1) h2v1(in, at, n, out);
            else h2v2(in, at, other, n, out);
            return;
        }
        if (sums.length < n + 2 + L) sums = new short[n + 2 + L];
        short[] s = sums;
        int x = 0;
        if (vr == 2) {
            for (; x + L <= n && at + x + L <= in.length && other + x + L <= in.length; x += L) {
                widen(in, at + x).mul((short) 3).add(widen(in, other + x)).intoArray(s, 1 + x);
            }
            for (; x < n; x++) s[1 + x] = (short) (3 * (in[at + x] & 0xFF) + (in[other + x] & 0xFF));
        } else {
            for (; x + L <= n && at + x + L <= in.length; x += L) widen(in, at + x).intoArray(s, 1 + x);
            for (; x < n; x++) s[1 + x] = (short) (in[at + x] & 0xFF);
        }
        s[0] = s[1];
        s[n + 1] = s[n];
        int shift = vr == 2 ? 4 : 2, bias0 = vr == 2 ? 8 : 1, bias1 = vr == 2 ? 7 : 2;
        x = 0;
        for (; x < n && 2 * x + 2 * L <= out.length; x += L) {
            ShortVector mid = ShortVector.fromArray(S, s, 1 + x).mul((short) 3);
            ShortVector even = mid.add(ShortVector.fromArray(S, s, x)).add((short) bias0).lanewise(VectorOperators.LSHR, shift);
            ShortVector odd = mid.add(ShortVector.fromArray(S, s, 2 + x)).add((short) bias1).lanewise(VectorOperators.LSHR, shift);
            // little-endian shorts: the low byte (even output) comes first in memory
            even.or(odd.lanewise(VectorOperators.LSHL, 8)).reinterpretAsBytes().intoArray(out, 2 * x);
        }
        for (; x < n; x++) {
            int m = 3 * s[1 + x];
            out[2 * x] = (byte) ((m + s[x] + bias0) >> shift);
            out[2 * x + 1] = (byte) ((m + s[2 + x] + bias1) >> shift);
        }
    }

    /** L unsigned bytes at {@code a[at..]} as short lanes. */
    private static ShortVector widen(byte[] a, int at) {
        return ((ShortVector) ByteVector.fromArray(B, a, at).convertShape(VectorOperators.B2S, S, 0)).and((short) 0xFF);
    }

    /** libjpeg's {@code h2v1_fancy_upsample}: out[2x] = (3 in[x] + in[x-1] + 1) / 4, out[2x+1] = (3 in[x] + in[x+1] + 2) / 4. */
    static void h2v1(byte[] in, int at, int n, byte[] out) {
        int prev = in[at] & 0xFF, cur = prev;
        for (int x = 0; x < n; x++) {
            int next = x + 1 < n ? in[at + x + 1] & 0xFF : cur;
            int c3 = 3 * cur;
            out[2 * x] = (byte) ((c3 + prev + 1) >> 2);
            out[2 * x + 1] = (byte) ((c3 + next + 2) >> 2);
            prev = cur;
            cur = next;
        }
    }

    /**
     * libjpeg's {@code h2v2_fancy_upsample}: vertical 3:1 sums of the row and its nearer
     * neighbour, then the same 3:1 horizontally, rounding with +8 / +7 alternately.
     */
    static void h2v2(byte[] in, int at, int otherAt, int n, byte[] out) {
        int cur = 3 * (in[at] & 0xFF) + (in[otherAt] & 0xFF), prev = cur;
        for (int x = 0; x < n; x++) {
            int next = x + 1 < n ? 3 * (in[at + x + 1] & 0xFF) + (in[otherAt + x + 1] & 0xFF) : cur;
            int c3 = 3 * cur;
            out[2 * x] = (byte) ((c3 + prev + 8) >> 4);
            out[2 * x + 1] = (byte) ((c3 + next + 7) >> 4);
            prev = cur;
            cur = next;
        }
    }

    /** Each input sample repeated {@code hr} times. */
    private static void box(byte[] in, int at, int hr, int width, byte[] out) {
        for (int x = 0; x < width; x++) out[x] = in[at + x / hr];
    }
}
