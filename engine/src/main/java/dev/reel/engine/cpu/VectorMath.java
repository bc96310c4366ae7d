package dev.reel.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector math whose results do not depend on the JIT: {@code exp}, {@code tanh} and lane sums built
 * from IEEE additions, multiplications and fused multiply-adds only.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)} and {@code reduceLanes(ADD)}: compiled by C2 they
 * call the platform's short-vector math stubs and an unordered reduction tree, while the same code
 * before compilation (interpreter, C1) falls back to {@code Math.exp} per lane and a sequential sum.
 * The two round differently, so a seeded run gave different numbers depending on when each kernel
 * got compiled. Basic arithmetic and FMA are exactly rounded in every mode, so a kernel written with
 * them gives the same bits cold or warm, on every run.
 *
 * <pre>{@code
 * FloatVector e = VectorMath.exp(FloatVector.fromArray(FS, x, i));
 * float total = VectorMath.sum(acc);
 * }</pre>
 */
public final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    // exp(x) = 2^n · exp(r), n = round(x / ln 2), r = x − n·ln 2 (ln 2 split in two for exactness,
    // Cody and Waite); exp(r) on |r| ≤ ln2/2 by Cephes' expf polynomial (about 1 ulp).
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    /** Above this exp overflows to +inf; below LOW it is 0 even as a subnormal float. */
    private static final float HIGH = 88.72283935546875f, LOW = -103.972084045410f;
    /** 1.5 · 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUND = 12582912f;

    /** e^x per lane; +inf above 88.72, 0 below −103.97, NaN stays NaN. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(LOW).min(HIGH);   // max/min keep NaN lanes NaN
        FloatVector n = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(c(x, -LN2_HI), xc);
        r = n.fma(c(x, -LN2_LO), r);
        FloatVector p = r.fma(c(x, P0), c(x, P1));
        p = p.fma(r, c(x, P2));
        p = p.fma(r, c(x, P3));
        p = p.fma(r, c(x, P4));
        p = p.fma(r, c(x, P5));
        p = p.fma(r.mul(r), r).add(1f);
        // 2^n as two factors 2^(n/2) and 2^(n − n/2), each a normal float for n in [−150, 128]:
        // the product then rounds once into the subnormal range instead of flushing to zero.
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = p.mul(s1).mul(s2);
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HIGH));
        return y.blend(0f, x.compare(VectorOperators.LT, LOW));
    }

    // expBounded: the same reduction with one FMA for n (x·log2e + 1.5·2^23 leaves n in the low
    // mantissa bits), a degree-6 polynomial 1 + r + r²·q(r) fitted for minimax relative error on
    // |r| ≤ ln2/2 (truncation 3e-9, below the float rounding; all in Horner form, 6 FMAs), and 2^n
    // made by shifting those bits into the exponent field: one factor, which is a normal float as
    // long as |x| ≤ 87.33. Measured over every 7th float of [-87.33, 87.33]: at most 0.88 ulp from
    // the exact value (VectorMathTest). Cost: 14 vector operations against exp's 30.
    private static final float Q2 = 4.9999994040e-01f, Q3 = 1.6666521132e-01f, Q4 = 4.1668388993e-02f,
            Q5 = 8.3687165752e-03f, Q6 = 1.3814598788e-03f;
    /** ln(2^-126): below it e^x is subnormal; above its negation, 2^n no longer fits one float. */
    private static final float BOUND = 87.33654475f;

    /**
     * e^x per lane, as {@link #exp} but about twice as fast for the lanes softmax feeds it (x - max
     * ≤ 0): a vector whose lanes all lie in [-87.33, 87.33] (or are NaN) runs the short path above,
     * within 1 ulp; any other vector (a masked -∞, an overflow, a subnormal result) runs {@link #exp}.
     */
    public static FloatVector expBounded(FloatVector x) {
        if (x.abs().compare(VectorOperators.GT, BOUND).anyTrue()) return exp(x);
        FloatVector nr = x.fma(c(x, LOG2E), c(x, ROUND));
        FloatVector n = nr.sub(ROUND);
        FloatVector r = n.fma(c(x, -LN2_HI), x);
        r = n.fma(c(x, -LN2_LO), r);
        FloatVector p = r.fma(c(x, Q6), c(x, Q5));
        p = p.fma(r, c(x, Q4));
        p = p.fma(r, c(x, Q3));
        p = p.fma(r, c(x, Q2));
        p = p.fma(r, c(x, 1f));
        p = p.fma(r, c(x, 1f));
        // nr's low mantissa bits hold n (two's complement): shifted left by 23 they become n in the
        // exponent field, with the constant's own bits shifted out; adding the bias 127 gives 2^n.
        IntVector scale = ((IntVector) nr.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23).add(127 << 23);
        return p.mul(scale.reinterpretAsFloats());
    }

    // tanh: Cephes' tanhf odd polynomial below |x| = 0.625, where 1 − 2/(e^{2|x|}+1) would cancel;
    // above it the exp form, which saturates to exactly ±1 once e^{2|x|} is large.
    private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    /** tanh(x) per lane, odd, saturating to ±1; NaN stays NaN. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(c(x, T0), c(x, T1));
        p = p.fma(z, c(x, T2));
        p = p.fma(z, c(x, T3));
        p = p.fma(z, c(x, T4));
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector e = exp(a.add(a));
        FloatVector big = c(x, 1f).sub(c(x, 2f).div(e.add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        return big.blend(small, a.compare(VectorOperators.LT, 0.625f));
    }

    private static FloatVector c(FloatVector like, float value) { return FloatVector.broadcast(like.species(), value); }

    // Lane sums as a fixed tree: add the upper half of the lanes onto the lower half, then the upper
    // quarter, ... — the same additions in the same order in every execution mode.
    private static final VectorShuffle<Float>[] F_FOLDS = folds(FS);
    private static final VectorShuffle<Double>[] D_FOLDS = folds(DS);

    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] folds(VectorSpecies<E> species) {
        int n = species.length();
        int stages = Integer.numberOfTrailingZeros(n);
        VectorShuffle<E>[] s = new VectorShuffle[stages];
        for (int k = 0, width = n / 2; k < stages; k++, width /= 2) {
            int w = width;
            s[k] = VectorShuffle.fromOp(species, i -> (i + w) % n);
        }
        return s;
    }

    /**
     * The sum of {@code n} lanes (a power of two) stored at {@code a[off..]}, added in the order of
     * {@link #sum(FloatVector)}'s folds (lane i += lane i + width, width halving), so a vector
     * stored and summed here gives the same bits as summed in registers. Overwrites the lanes.
     */
    public static float sumLanes(float[] a, int off, int n) {
        for (int width = n / 2; width > 0; width /= 2) {
            for (int i = 0; i < width; i++) a[off + i] += a[off + i + width];
        }
        return a[off];
    }

    /** The double twin of {@link #sumLanes(float[], int, int)}. */
    public static double sumLanes(double[] a, int off, int n) {
        for (int width = n / 2; width > 0; width /= 2) {
            for (int i = 0; i < width; i++) a[off + i] += a[off + i + width];
        }
        return a[off];
    }

    /** The sum of the lanes of a preferred-species vector, in a fixed order. */
    public static float sum(FloatVector v) {
        if (v.species() != FS) throw new IllegalArgumentException("VectorMath.sum: expected the preferred float species, got " + v.species());
        for (VectorShuffle<Float> s : F_FOLDS) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /** The sum of the lanes of a preferred-species vector, in a fixed order. */
    public static double sum(DoubleVector v) {
        if (v.species() != DS) throw new IllegalArgumentException("VectorMath.sum: expected the preferred double species, got " + v.species());
        for (VectorShuffle<Double> s : D_FOLDS) v = v.add(v.rearrange(s));
        return v.lane(0);
    }
}
