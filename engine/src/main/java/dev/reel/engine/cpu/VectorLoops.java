package dev.reel.engine.cpu;

import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.UnaryOp;
import dev.reel.engine.cpu.gemm.Gemm;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over one contiguous row of F32 or F64 elements: the fast twins of the scalar
 * loops in {@link CpuElementwise}, which stay as the reference and as the path for strided rows.
 *
 * <p>Each method handles the full vectors, then finishes the tail with a masked vector (so rows of
 * 1..15 elements still take this path). A method returns false when it has no vector form for the
 * op; the caller then runs its scalar loop. {@code -Dreel.simd=false} (shared with the GEMM,
 * {@link Gemm#simd()}) sends every row to the scalar loops.
 *
 * <p>Accuracy: add, sub, mul, div, sqrt, neg, abs, square, reciprocal and relu are correctly rounded
 * in both paths, so they agree bit for bit (the scalar F32 path computes in double and rounds once;
 * for these operations that double rounding is exact). exp and tanh use the JDK's vector
 * intrinsics, which are within 1 ulp, and sigmoid is composed from exp; see the test for the
 * derived bounds.
 *
 * <pre>{@code
 * float[] a = {1, 2, 3}, b = {4, 5, 6}, c = new float[3];
 * VectorLoops.binaryF32(BinaryOp.ADD, a, 0, 1, b, 0, 1, c, 0, 3);   // c = {5, 7, 9}
 * }</pre>
 */
final class VectorLoops {
    private VectorLoops() {}

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /** True unless {@code -Dreel.simd=false}. */
    static final boolean SIMD = Gemm.simd();

    // ---------------------------------------------------------------- fill and copy

    static void fillF32(float[] a, int off, int n, float v) {
        FloatVector fv = FloatVector.broadcast(FS, v);
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) fv.intoArray(a, off + i);
        if (i < n) fv.intoArray(a, off + i, FS.indexInRange(i, n));
    }

    static void fillF64(double[] a, int off, int n, double v) {
        DoubleVector dv = DoubleVector.broadcast(DS, v);
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) dv.intoArray(a, off + i);
        if (i < n) dv.intoArray(a, off + i, DS.indexInRange(i, n));
    }

    /** y[yo..yo+n) += x[xo..xo+n) (col2im's scatter of one contiguous run). */
    static void addInto(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector.fromArray(FS, y, yo + i).add(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += x[xo + i];
    }

    // ---------------------------------------------------------------- unary

    /** Whether {@link #unaryF32} has a vector form of op. */
    static boolean hasUnaryF32(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQUARE, SQRT, RECIPROCAL, RELU, EXP, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /** Whether {@link #unaryF64} has a vector form of op (only the correctly rounded ones: F64 is the oracle dtype). */
    static boolean hasUnaryF64(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQUARE, SQRT, RECIPROCAL, RELU -> true;
            default -> false;
        };
    }

    private static final FloatVector ONE_F = FloatVector.broadcast(FS, 1f);
    private static final DoubleVector ONE_D = DoubleVector.broadcast(DS, 1.0);

    /**
     * y[yo..yo+n) = op(x[xo..xo+n)) for an op with {@link #hasUnaryF32}. Each op has its own loop:
     * with the op chosen per vector inside one shared loop, C2 boxed every vector (measured: a
     * third of the bytes a training step of the anchor model allocated) and ran the slow paths.
     */
    static void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> negF32(x, xo, y, yo, n);
            case ABS -> absF32(x, xo, y, yo, n);
            case SQUARE -> squareF32(x, xo, y, yo, n);
            case SQRT -> sqrtF32(x, xo, y, yo, n);
            case RECIPROCAL -> reciprocalF32(x, xo, y, yo, n);
            case RELU -> reluF32(x, xo, y, yo, n);
            case EXP -> expF32(x, xo, y, yo, n);
            case TANH -> tanhF32(x, xo, y, yo, n);
            case SIGMOID -> sigmoidF32(x, xo, y, yo, n);
            default -> throw new IllegalStateException("unaryF32: no vector form of " + op);
        }
    }

    private static void negF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            v.neg().intoArray(y, yo + i, m);
        }
    }

    private static void absF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            v.abs().intoArray(y, yo + i, m);
        }
    }

    private static void squareF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            v.mul(v).intoArray(y, yo + i, m);
        }
    }

    private static void sqrtF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            v.sqrt().intoArray(y, yo + i, m);
        }
    }

    private static void reciprocalF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            ONE_F.div(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            ONE_F.div(v).intoArray(y, yo + i, m);
        }
    }

    private static void reluF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            v.max(0f).intoArray(y, yo + i);   // max propagates NaN, as the scalar loop does
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            v.max(0f).intoArray(y, yo + i, m);
        }
    }

    private static void expF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            VectorMath.exp(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            VectorMath.exp(v).intoArray(y, yo + i, m);
        }
    }

    private static void tanhF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            VectorMath.tanh(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            VectorMath.tanh(v).intoArray(y, yo + i, m);
        }
    }

    private static void sigmoidF32(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            sigmoid(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FS, x, xo + i, m);
            sigmoid(v).intoArray(y, yo + i, m);
        }
    }

    /**
     * σ(x) without overflow: with e = exp(-|x|) ∈ (0, 1], σ = 1/(1+e) for x ≥ 0 and e/(1+e) for
     * x &lt; 0 (the scalar definition's two branches, taken per lane).
     */
    static FloatVector sigmoid(FloatVector v) {
        FloatVector e = VectorMath.exp(v.abs().neg());
        FloatVector s = FloatVector.broadcast(FS, 1f).div(e.add(1f));
        return s.blend(e.mul(s), v.compare(VectorOperators.LT, 0f));
    }

    /** y[yo..yo+n) = op(x[xo..xo+n)) for an op with {@link #hasUnaryF64}; one loop per op, as {@link #unaryF32}. */
    static void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
        switch (op) {
            case NEG -> negF64(x, xo, y, yo, n);
            case ABS -> absF64(x, xo, y, yo, n);
            case SQUARE -> squareF64(x, xo, y, yo, n);
            case SQRT -> sqrtF64(x, xo, y, yo, n);
            case RECIPROCAL -> reciprocalF64(x, xo, y, yo, n);
            case RELU -> reluF64(x, xo, y, yo, n);
            default -> throw new IllegalStateException("unaryF64: no vector form of " + op);
        }
    }

    private static void negF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            v.neg().intoArray(y, yo + i, m);
        }
    }

    private static void absF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            v.abs().intoArray(y, yo + i, m);
        }
    }

    private static void squareF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            v.mul(v).intoArray(y, yo + i, m);
        }
    }

    private static void sqrtF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            v.sqrt().intoArray(y, yo + i, m);
        }
    }

    private static void reciprocalF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            ONE_D.div(v).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            ONE_D.div(v).intoArray(y, yo + i, m);
        }
    }

    private static void reluF64(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
            v.max(0.0).intoArray(y, yo + i);
        }
        if (i < n) {
            var m = DS.indexInRange(i, n);
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + i, m);
            v.max(0.0).intoArray(y, yo + i, m);
        }
    }

    // ---------------------------------------------------------------- activation gradients

    /** z[zo..zo+n) = y &lt;= 0 ? 0 : g, lane by lane (LE is false for NaN, so a NaN y passes g). */
    static void reluBackwardF32(float[] g, int go, float[] y, int yo, float[] z, int zo, int n) {
        int i = 0, step = FS.length();
        FloatVector zero = FloatVector.zero(FS);
        for (; i <= n - step; i += step) {
            FloatVector yv = FloatVector.fromArray(FS, y, yo + i);
            FloatVector.fromArray(FS, g, go + i).blend(zero, yv.compare(VectorOperators.LE, 0f)).intoArray(z, zo + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector yv = FloatVector.fromArray(FS, y, yo + i, m);
            FloatVector.fromArray(FS, g, go + i, m).blend(zero, yv.compare(VectorOperators.LE, 0f)).intoArray(z, zo + i, m);
        }
    }

    // ---------------------------------------------------------------- binary

    /** Whether {@link #binaryF32} / {@link #binaryF64} have a vector form of op. */
    static boolean hasBinary(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV -> true;
            default -> false;
        };
    }

    /**
     * c[co..co+n) = a op b, where a and b each have stride 1 along the row or stride 0 (one value
     * broadcast along it: {@code x * 2}, a bias row). One loop per op and operand pattern: a choice
     * made inside the loop defeats C2's box elimination.
     */
    static void binaryF32(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] c, int co, int n) {
        if (sa == 0 && sb == 0) {
            fillF32(c, co, n, (float) ScalarMath.binary(op).applyAsDouble(a[ao], b[bo]));
            return;
        }
        int pattern = sa == 0 ? 1 : sb == 0 ? 2 : 0;   // 0: two rows, 1: a broadcast, 2: b broadcast
        switch (op) {
            case ADD -> addF32(pattern, a, ao, b, bo, c, co, n);
            case SUB -> subF32(pattern, a, ao, b, bo, c, co, n);
            case MUL -> mulF32(pattern, a, ao, b, bo, c, co, n);
            case DIV -> divF32(pattern, a, ao, b, bo, c, co, n);
            default -> throw new IllegalStateException("binaryF32: no vector form of " + op);
        }
    }

    // add, the most frequent op, as three small methods instead of one with three loops: C2 compiled
    // the single method into a form that boxed every vector in some runs (16 MB of garbage and 30 %
    // more time per MultiheadAttention step); small methods are compiled and inlined whole.
    private static void addF32(int pattern, float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        if (pattern == 1) addScalarF32(a[ao], b, bo, c, co, n);
        else if (pattern == 2) addScalarF32(b[bo], a, ao, c, co, n);
        else addVectorsF32(a, ao, b, bo, c, co, n);
    }

    /** c = x + b (x broadcast). */
    private static void addScalarF32(float x0, float[] b, int bo, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        FloatVector x = FloatVector.broadcast(FS, x0);
        for (; i <= n - step; i += step) x.add(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
        if (i < n) {
            var m = FS.indexInRange(i, n);
            x.add(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
        }
    }

    /** c = a + b. */
    private static void addVectorsF32(float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) {
            FloatVector.fromArray(FS, a, ao + i).add(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
        }
        if (i < n) {
            var m = FS.indexInRange(i, n);
            FloatVector.fromArray(FS, a, ao + i, m).add(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
        }
    }

    private static void subF32(int pattern, float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        if (pattern == 1) {
            FloatVector x = FloatVector.broadcast(FS, a[ao]);
            for (; i <= n - step; i += step) x.sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                x.sub(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            FloatVector y = FloatVector.broadcast(FS, b[bo]);
            for (; i <= n - step; i += step) FloatVector.fromArray(FS, a, ao + i).sub(y).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).sub(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                FloatVector.fromArray(FS, a, ao + i).sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).sub(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static void mulF32(int pattern, float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        if (pattern == 1) {
            FloatVector x = FloatVector.broadcast(FS, a[ao]);
            for (; i <= n - step; i += step) x.mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                x.mul(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            FloatVector y = FloatVector.broadcast(FS, b[bo]);
            for (; i <= n - step; i += step) FloatVector.fromArray(FS, a, ao + i).mul(y).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).mul(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                FloatVector.fromArray(FS, a, ao + i).mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).mul(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static void divF32(int pattern, float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        if (pattern == 1) {
            FloatVector x = FloatVector.broadcast(FS, a[ao]);
            for (; i <= n - step; i += step) x.div(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                x.div(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            FloatVector y = FloatVector.broadcast(FS, b[bo]);
            for (; i <= n - step; i += step) FloatVector.fromArray(FS, a, ao + i).div(y).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).div(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                FloatVector.fromArray(FS, a, ao + i).div(FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = FS.indexInRange(i, n);
                FloatVector.fromArray(FS, a, ao + i, m).div(FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    /** The F64 twin of {@link #binaryF32}. */
    static void binaryF64(BinaryOp op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] c, int co, int n) {
        if (sa == 0 && sb == 0) {
            fillF64(c, co, n, ScalarMath.binary(op).applyAsDouble(a[ao], b[bo]));
            return;
        }
        int pattern = sa == 0 ? 1 : sb == 0 ? 2 : 0;   // 0: two rows, 1: a broadcast, 2: b broadcast
        switch (op) {
            case ADD -> addF64(pattern, a, ao, b, bo, c, co, n);
            case SUB -> subF64(pattern, a, ao, b, bo, c, co, n);
            case MUL -> mulF64(pattern, a, ao, b, bo, c, co, n);
            case DIV -> divF64(pattern, a, ao, b, bo, c, co, n);
            default -> throw new IllegalStateException("binaryF64: no vector form of " + op);
        }
    }

    private static void addF64(int pattern, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int i = 0, step = DS.length();
        if (pattern == 1) {
            DoubleVector x = DoubleVector.broadcast(DS, a[ao]);
            for (; i <= n - step; i += step) x.add(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                x.add(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bo]);
            for (; i <= n - step; i += step) DoubleVector.fromArray(DS, a, ao + i).add(y).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).add(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                DoubleVector.fromArray(DS, a, ao + i).add(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).add(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static void subF64(int pattern, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int i = 0, step = DS.length();
        if (pattern == 1) {
            DoubleVector x = DoubleVector.broadcast(DS, a[ao]);
            for (; i <= n - step; i += step) x.sub(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                x.sub(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bo]);
            for (; i <= n - step; i += step) DoubleVector.fromArray(DS, a, ao + i).sub(y).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).sub(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                DoubleVector.fromArray(DS, a, ao + i).sub(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).sub(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static void mulF64(int pattern, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int i = 0, step = DS.length();
        if (pattern == 1) {
            DoubleVector x = DoubleVector.broadcast(DS, a[ao]);
            for (; i <= n - step; i += step) x.mul(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                x.mul(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bo]);
            for (; i <= n - step; i += step) DoubleVector.fromArray(DS, a, ao + i).mul(y).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).mul(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                DoubleVector.fromArray(DS, a, ao + i).mul(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).mul(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static void divF64(int pattern, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int i = 0, step = DS.length();
        if (pattern == 1) {
            DoubleVector x = DoubleVector.broadcast(DS, a[ao]);
            for (; i <= n - step; i += step) x.div(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                x.div(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (pattern == 2) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bo]);
            for (; i <= n - step; i += step) DoubleVector.fromArray(DS, a, ao + i).div(y).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).div(y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                DoubleVector.fromArray(DS, a, ao + i).div(DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = DS.indexInRange(i, n);
                DoubleVector.fromArray(DS, a, ao + i, m).div(DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }
}
