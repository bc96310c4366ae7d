package dev.reel.engine.cpu;

import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.UnaryOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** The scalar definition of every elementwise op: the reference all fast kernels are tested against. */
public final class ScalarMath {
    private ScalarMath() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT_PI = 0.5641895835477563;

    /**
     * The error function to about 1e-15: for |x| &lt; 3 the everywhere-positive series
     * erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (no cancellation), beyond that the
     * continued fraction of erfc.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax, sum = ax, x2 = 2 * ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= x2 / (2 * n + 1);
                sum += term;
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
        } else {
            r = 1 - erfcLarge(ax);
        }
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x ≥ 3 by the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))). */
    private static double erfcLarge(double x) {
        double t = x;
        for (int k = 80; k >= 1; k--) t = x + (k / 2.0) / t;
        return Math.exp(-x * x) * INV_SQRT_PI / t;
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static DoubleUnaryOperator unary(UnaryOp op, double p1, double p2) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> x -> Double.isNaN(x) ? x : Math.signum(x);
            case EXP -> Math::exp;
            case EXPM1 -> Math::expm1;
            case LOG -> Math::log;
            case LOG1P -> Math::log1p;
            case SQRT -> Math::sqrt;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case SQUARE -> x -> x * x;
            case RECIPROCAL -> x -> 1 / x;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TANH -> Math::tanh;
            case SIGMOID -> ScalarMath::sigmoid;
            case RELU -> x -> x > 0 ? x : (Double.isNaN(x) ? x : 0);
            case ERF -> ScalarMath::erf;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            case ROUND -> Math::rint;
            case TRUNC -> x -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case CLAMP -> x -> {
                if (Double.isNaN(x)) return x;
                double y = x;
                if (!Double.isNaN(p1) && y < p1) y = p1;
                if (!Double.isNaN(p2) && y > p2) y = p2;
                return y;
            };
            case POW_SCALAR -> x -> Math.pow(x, p1);
            case LOGICAL_NOT -> x -> x == 0 ? 1 : 0;
            case IS_FINITE -> x -> Double.isFinite(x) ? 1 : 0;
        };
    }

    /** Integer versions, or null where the op has none (the ops layer promotes those to float). */
    public static LongUnaryOperator unaryLong(UnaryOp op, double p1, double p2) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Long::signum;
            case SQUARE -> x -> x * x;
            case RELU -> x -> Math.max(x, 0);
            case FLOOR, CEIL, ROUND, TRUNC -> x -> x;
            case CLAMP -> x -> {
                long y = x;
                if (!Double.isNaN(p1) && y < p1) y = (long) Math.ceil(p1);
                if (!Double.isNaN(p2) && y > p2) y = (long) Math.floor(p2);
                return y;
            };
            case POW_SCALAR -> x -> powLong(x, (long) p1);
            case LOGICAL_NOT -> x -> x == 0 ? 1 : 0;
            case IS_FINITE -> x -> 1;
            default -> null;
        };
    }

    public static DoubleBinaryOperator binary(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> Math::pow;
            case MAXIMUM -> (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case ATAN2 -> Math::atan2;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case LOGICAL_AND -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
        };
    }

    public static LongBinaryOperator binaryLong(BinaryOp op) {
        return switch (op) {
            case ADD -> Long::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> {
                if (b == 0) throw new ArithmeticException("div: integer division by zero");
                return Math.floorDiv(a, b);
            };
            case POW -> ScalarMath::powLong;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case ATAN2 -> null;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case LOGICAL_AND -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
        };
    }

    static long powLong(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            throw new ArithmeticException("pow: integers to negative integer powers are not allowed");
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }
}
