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

    /** y[yo..yo+n) = op(x[xo..xo+n)) for an op with {@link #hasUnaryF32}. */
    static void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, step = FS.length();
        for (; i <= n - step; i += step) unaryF32(op, FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        if (i < n) {
            var m = FS.indexInRange(i, n);
            unaryF32(op, FloatVector.fromArray(FS, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    static FloatVector unaryF32(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQUARE -> v.mul(v);
            case SQRT -> v.sqrt();
            case RECIPROCAL -> FloatVector.broadcast(FS, 1f).div(v);
            case RELU -> v.max(0f);           // max propagates NaN, as the scalar loop does
            case EXP -> VectorMath.exp(v);
            case TANH -> VectorMath.tanh(v);
            case SIGMOID -> sigmoid(v);
            default -> throw new IllegalStateException("unaryF32: no vector form of " + op);
        };
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

    /** y[yo..yo+n) = op(x[xo..xo+n)) for an op with {@link #hasUnaryF64}. */
    static void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, step = DS.length();
        for (; i <= n - step; i += step) unaryF64(op, DoubleVector.fromArray(DS, x, xo + i)).intoArray(y, yo + i);
        if (i < n) {
            var m = DS.indexInRange(i, n);
            unaryF64(op, DoubleVector.fromArray(DS, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    private static DoubleVector unaryF64(UnaryOp op, DoubleVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQUARE -> v.mul(v);
            case SQRT -> v.sqrt();
            case RECIPROCAL -> DoubleVector.broadcast(DS, 1.0).div(v);
            case RELU -> v.max(0.0);
            default -> throw new IllegalStateException("unaryF64: no vector form of " + op);
        };
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
     * broadcast along it: {@code x * 2}, a bias row).
     */
    static void binaryF32(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] c, int co, int n) {
        int i = 0, step = FS.length();
        // one loop per operand pattern: a loop-invariant choice of operand inside the loop defeats C2's box elimination
        if (sa == 0) {
            FloatVector x = FloatVector.broadcast(FS, a[ao]);
            if (sb == 0) {
                fillF32(c, co, n, (float) ScalarMath.binary(op).applyAsDouble(a[ao], b[bo]));
                return;
            }
            for (; i <= n - step; i += step) binaryF32(op, x, FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                binaryF32(op, x, FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (sb == 0) {
            FloatVector y = FloatVector.broadcast(FS, b[bo]);
            for (; i <= n - step; i += step) binaryF32(op, FloatVector.fromArray(FS, a, ao + i), y).intoArray(c, co + i);
            if (i < n) {
                var m = FS.indexInRange(i, n);
                binaryF32(op, FloatVector.fromArray(FS, a, ao + i, m), y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                binaryF32(op, FloatVector.fromArray(FS, a, ao + i), FloatVector.fromArray(FS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = FS.indexInRange(i, n);
                binaryF32(op, FloatVector.fromArray(FS, a, ao + i, m), FloatVector.fromArray(FS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static FloatVector binaryF32(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            default -> throw new IllegalStateException("binaryF32: no vector form of " + op);
        };
    }

    /** The F64 twin of {@link #binaryF32}. */
    static void binaryF64(BinaryOp op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] c, int co, int n) {
        int i = 0, step = DS.length();
        if (sa == 0) {
            DoubleVector x = DoubleVector.broadcast(DS, a[ao]);
            if (sb == 0) {
                fillF64(c, co, n, ScalarMath.binary(op).applyAsDouble(a[ao], b[bo]));
                return;
            }
            for (; i <= n - step; i += step) binaryF64(op, x, DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                binaryF64(op, x, DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        } else if (sb == 0) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bo]);
            for (; i <= n - step; i += step) binaryF64(op, DoubleVector.fromArray(DS, a, ao + i), y).intoArray(c, co + i);
            if (i < n) {
                var m = DS.indexInRange(i, n);
                binaryF64(op, DoubleVector.fromArray(DS, a, ao + i, m), y).intoArray(c, co + i, m);
            }
        } else {
            for (; i <= n - step; i += step) {
                binaryF64(op, DoubleVector.fromArray(DS, a, ao + i), DoubleVector.fromArray(DS, b, bo + i)).intoArray(c, co + i);
            }
            if (i < n) {
                var m = DS.indexInRange(i, n);
                binaryF64(op, DoubleVector.fromArray(DS, a, ao + i, m), DoubleVector.fromArray(DS, b, bo + i, m)).intoArray(c, co + i, m);
            }
        }
    }

    private static DoubleVector binaryF64(BinaryOp op, DoubleVector x, DoubleVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            default -> throw new IllegalStateException("binaryF64: no vector form of " + op);
        };
    }
}
