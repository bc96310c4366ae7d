package dev.reel.video;

/**
 * An exact fraction such as a frame rate: {@code 30000/1001} for NTSC's 29.97 frames per second.
 *
 * <pre>{@code
 * Rational fps = Rational.of(30000, 1001);
 * fps.toDouble();   // 29.97002997...
 * }</pre>
 *
 * @param num numerator
 * @param den denominator, always positive
 */
public record Rational(long num, long den) {
    public Rational {
        if (den <= 0) throw new IllegalArgumentException("Rational: denominator must be positive, got " + num + "/" + den);
    }

    /** The fraction {@code num/den} reduced to lowest terms. */
    public static Rational of(long num, long den) {
        if (den == 0) throw new IllegalArgumentException("Rational: zero denominator in " + num + "/0");
        if (den < 0) { num = -num; den = -den; }
        long g = gcd(Math.abs(num), den);
        return g > 1 ? new Rational(num / g, den / g) : new Rational(num, den);
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a == 0 ? 1 : a;
    }

    /** The value as a double. */
    public double toDouble() { return (double) num / den; }

    @Override
    public String toString() { return num + "/" + den; }
}
