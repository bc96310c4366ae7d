package dev.reel.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** Distance in units in the last place between two floats of the same sign. */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    private static float[] lanes(FloatVector v) { return v.toArray(); }

    @Test
    void expIsWithinTwoUlpsOfMathExpOverTheWholeRange() {
        SplittableRandom r = new SplittableRandom(1);
        long worst = 0;
        float worstX = 0;
        float[] x = new float[FS.length()];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 190 - 100);   // [-100, 90): subnormal to overflow
            float[] y = lanes(VectorMath.exp(FloatVector.fromArray(FS, x, 0)));
            for (int i = 0; i < x.length; i++) {
                float ref = (float) Math.exp(x[i]);
                if (Float.isInfinite(ref) || ref < Float.MIN_NORMAL) {
                    // overflow and the subnormal range: absolute agreement is what can be asked
                    assertEquals(ref, y[i], Math.max(ref * 1e-6f, 2 * Float.MIN_VALUE), "exp(" + x[i] + ")");
                    continue;
                }
                long u = ulps(ref, y[i]);
                if (u > worst) { worst = u; worstX = x[i]; }
            }
        }
        assertTrue(worst <= 2, "exp: " + worst + " ulps at x = " + worstX);
    }

    @Test
    void expEdgeValues() {
        float[] x = {0f, -0f, 1f, -1f, 88.7f, 88.8f, 1000f, -87f, -103f, -104f, -1000f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, -1e-30f};
        for (float xi : x) {
            float y = lanes(VectorMath.exp(FloatVector.broadcast(FS, xi)))[0];
            float ref = (float) Math.exp(xi);
            if (Float.isNaN(ref)) assertTrue(Float.isNaN(y), "exp(NaN) = " + y);
            else if (ref == 0 || Float.isInfinite(ref) || ref < Float.MIN_NORMAL) assertEquals(ref, y, 2 * Float.MIN_VALUE, "exp(" + xi + ")");
            else assertTrue(ulps(ref, y) <= 2, "exp(" + xi + ") = " + y + ", expected " + ref);
        }
    }

    /** Error of a float against the exact value, in ulps of the correctly rounded float. */
    private static double ulpError(float got, double exact) {
        return Math.abs(got - exact) / Math.ulp((float) exact);
    }

    @Test
    void expBoundedIsWithinOneUlpOfTheExactValueOverASweepOfItsRange() {
        // every 61st float of [-87.33, 87.33] (about 35M values, both signs), against e^x in double
        float[] x = new float[FS.length()], y = new float[FS.length()];
        double worst = 0;
        float worstX = 0;
        int top = Float.floatToRawIntBits(87.33654f);
        for (int sign = 0; sign < 2; sign++) {
            int k = 0;
            for (long bits = 0; bits <= top; bits += 61) {
                float v = Float.intBitsToFloat((int) bits);
                x[k++] = sign == 0 ? v : -v;
                if (k < x.length && bits + 61 <= top) continue;
                VectorMath.expBounded(FloatVector.fromArray(FS, x, 0)).intoArray(y, 0);
                for (int i = 0; i < k; i++) {
                    double e = ulpError(y[i], Math.exp(x[i]));
                    if (e > worst) { worst = e; worstX = x[i]; }
                }
                k = 0;
            }
        }
        assertTrue(worst < 1.0, "expBounded: " + worst + " ulps at x = " + worstX);
    }

    @Test
    void expBoundedFallsBackToExpOutsideItsRange() {
        // a vector with one lane out of range runs exp() for all lanes: -inf gives 0, subnormals and overflow as exp
        // (a NaN lane is in range: the short path keeps it NaN)
        float[] special = {Float.NEGATIVE_INFINITY, -1000f, -100f, -88f, 88.5f, 100f, Float.POSITIVE_INFINITY};
        for (float s : special) {
            float[] x = new float[FS.length()];
            for (int i = 0; i < x.length; i++) x[i] = -i * 0.37f;
            x[x.length / 2] = s;
            float[] got = lanes(VectorMath.expBounded(FloatVector.fromArray(FS, x, 0)));
            float[] want = lanes(VectorMath.exp(FloatVector.fromArray(FS, x, 0)));
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "expBounded lane " + i + " with " + s);
            }
        }
        assertTrue(Float.isNaN(lanes(VectorMath.expBounded(FloatVector.broadcast(FS, Float.NaN)))[0]), "expBounded(NaN)");
        assertEquals(1f, lanes(VectorMath.expBounded(FloatVector.broadcast(FS, -0f)))[0], "expBounded(-0)");
    }

    @Test
    void tanhMatchesMathTanhInRelativeTermsIncludingTinyInputs() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[FS.length()];
        double worst = 0;
        float worstX = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < x.length; i++) {
                double mag = Math.pow(10, r.nextDouble() * 8 - 7);   // 1e-7 .. 10
                x[i] = (float) (r.nextBoolean() ? mag : -mag);
            }
            float[] y = lanes(VectorMath.tanh(FloatVector.fromArray(FS, x, 0)));
            for (int i = 0; i < x.length; i++) {
                double ref = Math.tanh(x[i]);
                double rel = Math.abs(y[i] - ref) / Math.abs(ref);
                if (rel > worst) { worst = rel; worstX = x[i]; }
            }
        }
        assertTrue(worst < 3e-7, "tanh: relative error " + worst + " at x = " + worstX);
        float[] edge = {0f, -0f, 9f, -9f, 20f, -20f, 100f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (float e : edge) {
            float y = lanes(VectorMath.tanh(FloatVector.broadcast(FS, e)))[0];
            if (Float.isNaN(e)) assertTrue(Float.isNaN(y));
            else assertEquals((float) Math.tanh(e), y, 0f, "tanh(" + e + ")");
        }
    }

    @Test
    void lanesSumInAFixedTree() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[FS.length()];
        for (int trial = 0; trial < 1000; trial++) {
            double ref = 0;
            for (int i = 0; i < x.length; i++) { x[i] = (float) r.nextGaussian(); ref += x[i]; }
            float s = VectorMath.sum(FloatVector.fromArray(FS, x, 0));
            assertEquals(ref, s, 1e-5 * x.length, "float lane sum");
        }
        double[] d = new double[DoubleVector.SPECIES_PREFERRED.length()];
        for (int i = 0; i < d.length; i++) d[i] = i + 0.25;
        double expected = d.length * (d.length - 1) / 2.0 + 0.25 * d.length;
        assertEquals(expected, VectorMath.sum(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, d, 0)), 0.0);
    }
}
