package dev.reel.video.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * JPEG's full-range Y'CbCr (JFIF) to RGB24, in the 16.16 fixed point of libjpeg's {@code jdcolor.c}
 * so that the result equals what the JDK's JPEG decoder writes into an RGB image, byte for byte:
 *
 * <pre>
 *   R = Y + ((FIX(1.402) * Cr' + 1/2) >> 16)
 *   G = Y + ((-FIX(0.34414) * Cb' - FIX(0.71414) * Cr' + 1/2) >> 16)
 *   B = Y + ((FIX(1.772) * Cb' + 1/2) >> 16)         (Cb' = Cb - 128, Cr' = Cr - 128, clamped to 0..255)
 * </pre>
 *
 * The input is pixel-interleaved (Y, Cb, Cr per pixel, as ImageIO's {@code readRaster} returns it);
 * the output is interleaved RGB24 or three separate planes. The vector loop handles
 * {@code lanes} pixels per step (16 with 512-bit vectors): one load of the interleaved bytes,
 * one shuffle per component that moves each sample into the low byte of an int lane, the
 * arithmetic in ints, and for RGB24 one shuffle that packs the three result bytes of each pixel
 * back together. The scalar twin below is the reference; {@code -Dreel.simd=false} forces it.
 */
public final class JpegYcc {
    private JpegYcc() {}

    static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("reel.simd", "true"));

    private static final int HALF = 1 << 15;
    private static final int CR_R = fix(1.40200), CB_G = fix(0.34414), CR_G = fix(0.71414), CB_B = fix(1.77200);

    /** libjpeg's FIX(x): x in 16.16 fixed point, rounded. */
    private static int fix(double x) { return (int) (x * 65536 + 0.5); }

    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Pixels per vector step: one int lane each. */
    private static final int LANES = I.length();
    /** Shuffles moving component c of pixel j (byte 3j + c) to byte 4j of the vector (an int's low byte). */
    private static final VectorShuffle<Byte> PICK_Y = pick(0), PICK_CB = pick(1), PICK_CR = pick(2);
    /** Shuffle packing bytes 4j, 4j+1, 4j+2 (R, G, B of pixel j) to 3j, 3j+1, 3j+2. */
    private static final VectorShuffle<Byte> PACK = VectorShuffle.fromOp(B, i -> i < 3 * LANES ? i / 3 * 4 + i % 3 : 0);
    /** Whether the vector path fits: the byte vector holds 4 bytes per int lane. */
    private static final boolean SHAPES_MATCH = B.length() == 4 * LANES;

    private static VectorShuffle<Byte> pick(int component) {
        return VectorShuffle.fromOp(B, i -> i % 4 == 0 && i / 4 < LANES ? 3 * (i / 4) + component : 0);
    }

    /** Converts {@code n} Y'CbCr pixels at {@code ycc[src..]} to RGB24 at {@code dst[d..]}. */
    public static void toRgb(byte[] ycc, int src, int n, byte[] dst, int d) {
        int i = 0;
        if (SIMD && SHAPES_MATCH) {
            // Full-width loads and stores touch B.length() bytes, more than the 3 * LANES used:
            // the loop stops where a load would pass the array's end or a store the n pixels'
            // end (past it may lie another frame, written by another thread); the scalar loop finishes.
            int v = B.length();
            for (; 3 * i + v <= 3 * n && src + 3 * i + v <= ycc.length; i += LANES) {
                ByteVector in = ByteVector.fromArray(B, ycc, src + 3 * i);
                IntVector y = component(in, PICK_Y), cb = component(in, PICK_CB).sub(128), cr = component(in, PICK_CR).sub(128);
                // R, G, B in the low three bytes of each int lane, then packed to 3 bytes a pixel.
                IntVector rgb0 = red(y, cr).or(green(y, cb, cr).lanewise(VectorOperators.LSHL, 8))
                        .or(blue(y, cb).lanewise(VectorOperators.LSHL, 16));
                rgb0.reinterpretAsBytes().rearrange(PACK).intoArray(dst, d + 3 * i);
            }
        }
        toRgbScalar(ycc, src + 3 * i, n - i, dst, d + 3 * i);
    }

    /**
     * Converts {@code n} Y'CbCr pixels at {@code ycc[src..]} to planes: red at {@code dst[r..]},
     * green at {@code dst[r + plane..]}, blue at {@code dst[r + 2 * plane..]}.
     */
    public static void toPlanes(byte[] ycc, int src, int n, byte[] dst, int r, int plane) {
        int i = 0;
        if (SIMD && SHAPES_MATCH) {
            // Each store writes B.length() bytes, LANES of them valid; the rest is overwritten by
            // the next steps, so the loop stops B.length() pixels before the plane's end (past it
            // lies another frame's plane, perhaps being written by another thread).
            int v = B.length();
            for (; i + v <= n && src + 3 * i + v <= ycc.length; i += LANES) {
                ByteVector in = ByteVector.fromArray(B, ycc, src + 3 * i);
                IntVector y = component(in, PICK_Y), cb = component(in, PICK_CB).sub(128), cr = component(in, PICK_CR).sub(128);
                narrow(red(y, cr)).intoArray(dst, r + i);
                narrow(green(y, cb, cr)).intoArray(dst, r + plane + i);
                narrow(blue(y, cb)).intoArray(dst, r + 2 * plane + i);
            }
        }
        toPlanesScalar(ycc, src + 3 * i, n - i, dst, r + i, plane);
    }

    /** Shuffle moving byte 4j (the low byte of int lane j) to byte j. */
    private static final VectorShuffle<Byte> LOW_BYTES = VectorShuffle.fromOp(B, i -> i < LANES ? 4 * i : 0);

    private static IntVector component(ByteVector in, VectorShuffle<Byte> pick) {
        return in.rearrange(pick).reinterpretAsInts().and(0xFF);
    }

    /** The int lanes (already 0..255) as bytes in the first LANES lanes of a byte vector. */
    private static ByteVector narrow(IntVector v) { return v.reinterpretAsBytes().rearrange(LOW_BYTES); }

    private static IntVector red(IntVector y, IntVector cr) {
        return clamp(y.add(cr.mul(CR_R).add(HALF).lanewise(VectorOperators.ASHR, 16)));
    }

    private static IntVector green(IntVector y, IntVector cb, IntVector cr) {
        return clamp(y.add(cb.mul(-CB_G).add(cr.mul(-CR_G)).add(HALF).lanewise(VectorOperators.ASHR, 16)));
    }

    private static IntVector blue(IntVector y, IntVector cb) {
        return clamp(y.add(cb.mul(CB_B).add(HALF).lanewise(VectorOperators.ASHR, 16)));
    }

    private static IntVector clamp(IntVector v) { return v.max(0).min(255); }

    // ---- separate Y, Cb and Cr rows (a JPEG decoder's planes) ----------------------------

    /** Bytes of one component for LANES pixels. */
    static final VectorSpecies<Byte> ROW = LANES >= 8 ? VectorSpecies.of(byte.class, jdk.incubator.vector.VectorShape.forBitSize(8 * LANES)) : null;

    /**
     * Converts {@code n} pixels whose Y', Cb and Cr lie in three separate rows
     * ({@code y[yo..]}, {@code cb[cbo..]}, {@code cr[cro..]}) to RGB24 at {@code dst[d..]}. The
     * {@code room} pixels from {@code d} on ({@code room >= n}) may be scribbled on: a decoder
     * writing rows top to bottom passes the rest of its frame, so that the full-width vector stores
     * reach the row's end and only the last row needs the scalar tail.
     */
    public static void rowToRgb(byte[] y, int yo, byte[] cb, int cbo, byte[] cr, int cro, int n, byte[] dst, int d, int room) {
        int i = 0;
        if (SIMD && SHAPES_MATCH && ROW != null) {
            int v = B.length();
            for (; i < n && 3 * i + v <= 3 * room && yo + i + LANES <= y.length
                    && cbo + i + LANES <= cb.length && cro + i + LANES <= cr.length; i += LANES) {
                IntVector yy = widen(y, yo + i), u = widen(cb, cbo + i).sub(128), w = widen(cr, cro + i).sub(128);
                IntVector rgb0 = red(yy, w).or(green(yy, u, w).lanewise(VectorOperators.LSHL, 8))
                        .or(blue(yy, u).lanewise(VectorOperators.LSHL, 16));
                rgb0.reinterpretAsBytes().rearrange(PACK).intoArray(dst, d + 3 * i);
            }
        }
        for (d += 3 * i; i < n; i++, d += 3) {
            int l = y[yo + i] & 0xFF, u = (cb[cbo + i] & 0xFF) - 128, w = (cr[cro + i] & 0xFF) - 128;
            dst[d] = (byte) clamp8(l + ((CR_R * w + HALF) >> 16));
            dst[d + 1] = (byte) clamp8(l + ((-CB_G * u - CR_G * w + HALF) >> 16));
            dst[d + 2] = (byte) clamp8(l + ((CB_B * u + HALF) >> 16));
        }
    }

    /**
     * As {@link #rowToRgb}, into planes: red at {@code dst[r..]}, green at {@code dst[r + plane..]},
     * blue at {@code dst[r + 2 * plane..]}; {@code room} pixels of each plane from the row's start on
     * may be scribbled on.
     */
    public static void rowToPlanes(byte[] y, int yo, byte[] cb, int cbo, byte[] cr, int cro, int n, byte[] dst, int r, int plane, int room) {
        int i = 0;
        if (SIMD && SHAPES_MATCH && ROW != null) {
            // each store writes B.length() bytes of which LANES are valid
            int v = B.length();
            for (; i < n && i + v <= room && yo + i + LANES <= y.length && cbo + i + LANES <= cb.length && cro + i + LANES <= cr.length; i += LANES) {
                IntVector yy = widen(y, yo + i), u = widen(cb, cbo + i).sub(128), w = widen(cr, cro + i).sub(128);
                narrow(red(yy, w)).intoArray(dst, r + i);
                narrow(green(yy, u, w)).intoArray(dst, r + plane + i);
                narrow(blue(yy, u)).intoArray(dst, r + 2 * plane + i);
            }
        }
        for (; i < n; i++) {
            int l = y[yo + i] & 0xFF, u = (cb[cbo + i] & 0xFF) - 128, w = (cr[cro + i] & 0xFF) - 128;
            dst[r + i] = (byte) clamp8(l + ((CR_R * w + HALF) >> 16));
            dst[r + plane + i] = (byte) clamp8(l + ((-CB_G * u - CR_G * w + HALF) >> 16));
            dst[r + 2 * plane + i] = (byte) clamp8(l + ((CB_B * u + HALF) >> 16));
        }
    }

    /**
     * Packs R, G and B int lanes (each 0..255) into RGB24 bytes at {@code dst[d..]}; the store
     * writes {@link #STORE_BYTES} bytes, the first {@code 3 * LANES} of them the pixels.
     */
    static void storeRgb(IntVector r, IntVector g, IntVector b, byte[] dst, int d) {
        r.or(g.lanewise(VectorOperators.LSHL, 8)).or(b.lanewise(VectorOperators.LSHL, 16))
                .reinterpretAsBytes().rearrange(PACK).intoArray(dst, d);
    }

    /** Bytes written by {@link #storeRgb}. */
    static final int STORE_BYTES = B.length();
    /** Pixels per vector step of {@link #storeRgb} and {@link #widen}. */
    static final int PIXELS = LANES;
    /** Whether the vector helpers work with this JVM's vector shapes. */
    static final boolean VECTOR_OK = SIMD && SHAPES_MATCH && ROW != null;

    /** LANES unsigned bytes at {@code a[at..]} as int lanes. */
    static IntVector widen(byte[] a, int at) {
        return ((IntVector) ByteVector.fromArray(ROW, a, at).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
    }

    /** As {@link #widen(byte[], int)}, the bytes first rearranged by {@code s}. */
    static IntVector widen(byte[] a, int at, VectorShuffle<Byte> s) {
        return ((IntVector) ByteVector.fromArray(ROW, a, at).rearrange(s).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
    }

    // ---- scalar twin ---------------------------------------------------------------------

    /** The reference for {@link #toRgb}, one pixel at a time. */
    static void toRgbScalar(byte[] ycc, int src, int n, byte[] dst, int d) {
        for (int i = 0, s = src; i < n; i++, s += 3, d += 3) {
            int y = ycc[s] & 0xFF, cb = (ycc[s + 1] & 0xFF) - 128, cr = (ycc[s + 2] & 0xFF) - 128;
            dst[d] = (byte) clamp8(y + ((CR_R * cr + HALF) >> 16));
            dst[d + 1] = (byte) clamp8(y + ((-CB_G * cb - CR_G * cr + HALF) >> 16));
            dst[d + 2] = (byte) clamp8(y + ((CB_B * cb + HALF) >> 16));
        }
    }

    /** The reference for {@link #toPlanes}. */
    static void toPlanesScalar(byte[] ycc, int src, int n, byte[] dst, int r, int plane) {
        for (int i = 0, s = src; i < n; i++, s += 3) {
            int y = ycc[s] & 0xFF, cb = (ycc[s + 1] & 0xFF) - 128, cr = (ycc[s + 2] & 0xFF) - 128;
            dst[r + i] = (byte) clamp8(y + ((CR_R * cr + HALF) >> 16));
            dst[r + plane + i] = (byte) clamp8(y + ((-CB_G * cb - CR_G * cr + HALF) >> 16));
            dst[r + 2 * plane + i] = (byte) clamp8(y + ((CB_B * cb + HALF) >> 16));
        }
    }

    private static int clamp8(int v) { return v < 0 ? 0 : Math.min(v, 255); }
}
