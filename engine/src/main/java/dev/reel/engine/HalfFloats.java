package dev.reel.engine;

/**
 * Conversions between {@code float} and the two 16-bit float formats, held as {@code short} bit
 * patterns. Both directions are exact where the value fits; narrowing rounds to nearest, ties to
 * even, as PyTorch's casts do.
 *
 * <ul>
 *   <li>BF16 is the top half of an F32: 1 sign, 8 exponent, 7 mantissa bits. Widening is a shift;
 *       narrowing adds {@code 0x7FFF} plus the lowest kept bit before the shift (round half to even),
 *       which also carries a rounded-up maximum into infinity, and turns every NaN into the quiet NaN
 *       {@code 0x7FC0} (a plain shift could drop a signalling NaN's payload and leave infinity).</li>
 *   <li>F16 is IEEE binary16: 1 sign, 5 exponent, 10 mantissa bits, max 65504, subnormals down to
 *       2^-24; the JDK's {@link Float#floatToFloat16} and {@link Float#float16ToFloat} do both ways.</li>
 * </ul>
 *
 * <pre>{@code
 * short b = HalfFloats.toBF16(1.00390625f);   // 0x3F80: the tie rounds to the even 1.0
 * float f = HalfFloats.fromF16(HalfFloats.toF16(70000f)); // Infinity: above F16's range
 * }</pre>
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** The quiet NaN every NaN narrows to in BF16 (PyTorch's). */
    public static final short BF16_NAN = 0x7FC0;

    /** The F32 value of BF16 bits (exact). */
    public static float fromBF16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** F32 to BF16 bits, rounding to nearest even. */
    public static short toBF16(float f) {
        if (Float.isNaN(f)) return BF16_NAN;
        int u = Float.floatToRawIntBits(f);
        int lsb = (u >>> 16) & 1;
        return (short) ((u + 0x7FFF + lsb) >>> 16);
    }

    /** The F32 value of F16 bits (exact). */
    public static float fromF16(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** F32 to F16 bits, rounding to nearest even (overflow gives infinity, NaN stays NaN). */
    public static short toF16(float f) {
        return Float.floatToFloat16(f);
    }

    /** Widens the bits of a {@code dtype} (BF16 or F16) value to F32. */
    public static float toFloat(DType dtype, short bits) {
        return dtype == DType.BF16 ? fromBF16(bits) : fromF16(bits);
    }

    /** Narrows an F32 value to the bits of {@code dtype} (BF16 or F16). */
    public static short fromFloat(DType dtype, float f) {
        return dtype == DType.BF16 ? toBF16(f) : toF16(f);
    }
}
