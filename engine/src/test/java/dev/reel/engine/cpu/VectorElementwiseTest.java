package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.UnaryOp;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API elementwise loops against their scalar twins, on every length that stresses the
 * tail handling (1, 2, 3, 7, 17, 31, 33, 65, 127, 129), on views whose rows start at odd offsets,
 * on transposed views (which take the scalar loop in both runs) and on long rows split across 1..4
 * threads.
 *
 * <p>Tolerances, with u = 2⁻²⁴ the F32 unit roundoff (half an ulp):
 * <ul>
 *   <li>add, sub, mul, div, neg, abs, square, sqrt, reciprocal, relu, fill, copy: both paths round
 *       the exact result once (the scalar loop computes in double, which is exact for these
 *       operations' double-rounding), so they must agree bit for bit.</li>
 *   <li>exp, tanh: the vector intrinsic is within 1 ulp (≤ 2u relative) of the exact value, the
 *       scalar loop within 1 ulp in double and then rounds to float (≤ u); together ≤ 3u relative.</li>
 *   <li>sigmoid = 1/(1+e) or e/(1+e) with e = exp(-|x|) ≤ 1: the relative error of e (2u) reaches σ
 *       scaled by e/(1+e) ≤ 1/2 (u), or fully in the e·s branch (2u); the add, the division and
 *       the product round once each (3u); the scalar reference rounds once (u): ≤ 7u relative.</li>
 * </ul>
 * Results in the subnormal range also get an absolute allowance of two subnormal steps.
 */
class VectorElementwiseTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    private static final double U = 0x1p-24;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static double relTolerance(UnaryOp op) {
        return switch (op) {
            case EXP, TANH -> 3 * U;
            case SIGMOID -> 7 * U;
            default -> 0;
        };
    }

    /** Random values with the special ones mixed in: signed zeros, NaN, infinities, huge arguments. */
    private static double[] values(SplittableRandom rnd, int n) {
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 100, -100, 1e-30, -88, 89};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(8) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextGaussian() * 4;
        return v;
    }

    private static Tensor tensor(double[] v, DType dt, int... shape) {
        Tensor t = Tensor.fromArray(v, shape);
        return dt == DType.F64 ? t : t.to(dt);
    }

    /** The layouts each size is tried in: contiguous, rows narrowed to odd offsets, transposed. */
    private static Tensor[] layouts(SplittableRandom rnd, DType dt, int n) {
        Tensor flat = tensor(values(rnd, n), dt, n);
        Tensor wide = tensor(values(rnd, 3 * (n + 2)), dt, 3, n + 2).narrow(1, 1, n);       // unit stride, rows at offsets 1, n+3, ...
        Tensor tall = tensor(values(rnd, 3 * n), dt, n, 3).t();                             // inner stride 3
        return new Tensor[] {flat, wide, tall};
    }

    private static Tensor emptyLike(Tensor t, DType dt) {
        return Tensor.zeros(dt, t.shape());
    }

    private static void assertClose(Tensor expected, Tensor got, double rel, String what) {
        double[] e = expected.toDoubleArray(), g = got.toDoubleArray();
        assertEquals(e.length, g.length, what);
        for (int i = 0; i < e.length; i++) {
            double a = e[i], b = g[i];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) fail(what + " [" + i + "]: " + a + " vs " + b);
                continue;
            }
            if (rel == 0) {
                if (Double.doubleToLongBits(a) != Double.doubleToLongBits(b)) fail(what + " [" + i + "]: " + a + " vs " + b + " (must be identical)");
                continue;
            }
            if (a == b) continue;
            double tol = rel * Math.abs(a) + 2 * Float.MIN_VALUE;
            if (!(Math.abs(a - b) <= tol)) fail(what + " [" + i + "]: scalar " + a + " vs vector " + b + ", |diff| " + Math.abs(a - b) + " > " + tol);
        }
    }

    private static void compare(String what, double rel, Function<Boolean, Tensor> run) {
        assertClose(run.apply(false), run.apply(true), rel, what);
    }

    @Test
    void unaryMatchesScalar() {
        SplittableRandom rnd = new SplittableRandom(1);
        UnaryOp[] ops = {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SQRT, UnaryOp.RECIPROCAL, UnaryOp.RELU,
                UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID};
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (UnaryOp op : ops) {
                for (int n : SIZES) {
                    for (Tensor x : layouts(rnd, dt, n)) {
                        double rel = dt == DType.F64 ? 0 : relTolerance(op);
                        compare(op + " " + dt + " n=" + n, rel, vec -> {
                            Tensor out = emptyLike(x, dt);
                            CpuElementwise.unary(op, x, out, 0, 0, vec);
                            return out;
                        });
                    }
                }
            }
        }
    }

    @Test
    void binaryMatchesScalarIncludingBroadcastOperands() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
                for (int n : SIZES) {
                    Tensor[] as = layouts(rnd, dt, n), bs = layouts(rnd, dt, n);
                    for (int k = 0; k < as.length; k++) {
                        Tensor a = as[k], b = bs[k];
                        Tensor scalar = tensor(new double[] {rnd.nextGaussian()}, dt).reshape().expand(a.shape());
                        Tensor[][] pairs = {{a, b}, {a, scalar}, {scalar, b}, {scalar, scalar}};
                        for (Tensor[] p : pairs) {
                            compare(op + " " + dt + " n=" + n + " layout " + k, 0, vec -> {
                                Tensor out = emptyLike(p[0], dt);
                                CpuElementwise.binary(op, p[0], p[1], out, vec);
                                return out;
                            });
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowBroadcastBiasTakesTheVectorPath() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : SIZES) {
            Tensor x = tensor(values(rnd, 5 * n), DType.F32, 5, n);
            Tensor bias = tensor(values(rnd, n), DType.F32, n).expand(5, n);
            compare("bias add n=" + n, 0, vec -> {
                Tensor out = emptyLike(x, DType.F32);
                CpuElementwise.binary(BinaryOp.ADD, x, bias, out, vec);
                return out;
            });
        }
    }

    @Test
    void reluBackwardMatchesScalarAndTheCompositeDefault() {
        SplittableRandom rnd = new SplittableRandom(6);
        // the interface's composite default (what a backend without its own kernel runs), the rest on the CPU
        Backend composite = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> m.getName().equals("reluBackward")
                        ? InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(CpuBackend.INSTANCE, args));
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int n : SIZES) {
                Tensor[] gs = layouts(rnd, dt, n), ys = layouts(rnd, dt, n);
                for (int k = 0; k < gs.length; k++) {
                    Tensor g = gs[k], y = ys[k];
                    compare("relu backward " + dt + " n=" + n + " layout " + k, 0, vec -> {
                        Tensor out = emptyLike(g, dt);
                        CpuElementwise.reluBackward(g, y, out, vec);
                        return out;
                    });
                    Tensor viaDefault = emptyLike(g, dt);
                    composite.reluBackward(g, y, viaDefault);
                    Tensor fast = emptyLike(g, dt);
                    CpuElementwise.reluBackward(g, y, fast, true);
                    assertClose(viaDefault, fast, 0, "relu backward vs composite " + dt + " n=" + n + " layout " + k);
                    double[] gv = g.toDoubleArray(), yv = y.toDoubleArray(), fv = fast.toDoubleArray();
                    for (int i = 0; i < fv.length; i++) {
                        double want = yv[i] <= 0 ? 0 : gv[i];
                        assertTrue(Double.compare(want, fv[i]) == 0 || (Double.isNaN(want) && Double.isNaN(fv[i])),
                                "relu backward definition at " + i + ": y=" + yv[i] + " g=" + gv[i] + " got " + fv[i]);
                    }
                }
            }
        }
        int n = 100_003;
        Tensor g = tensor(values(rnd, n), DType.F32, n), y = tensor(values(rnd, n), DType.F32, n);
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            compare("relu backward threads=" + threads, 0, vec -> {
                Tensor out = emptyLike(g, DType.F32);
                CpuElementwise.reluBackward(g, y, out, vec);
                return out;
            });
        }
    }

    @Test
    void transposedOutputsAreWalkedInMemoryOrder() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : SIZES) {
            // a, b and out all laid out transposed: the loop runs along their unit-stride dim
            Tensor a = tensor(values(rnd, 3 * n), DType.F32, n, 3).t(), b = tensor(values(rnd, 3 * n), DType.F32, n, 3).t();
            Tensor expected = emptyLike(a, DType.F32);
            CpuElementwise.binary(BinaryOp.MUL, a.contiguous(), b.contiguous(), expected, false);
            compare("mul into a transposed output n=" + n, 0, vec -> {
                Tensor out = Tensor.zeros(n, 3).t();
                CpuElementwise.binary(BinaryOp.MUL, a, b, out, vec);
                assertClose(expected, out, 0, "transposed output n=" + n);
                return out.contiguous();
            });
            compare("relu into a transposed output n=" + n, 0, vec -> {
                Tensor out = Tensor.zeros(n, 3).t();
                CpuElementwise.unary(UnaryOp.RELU, a, out, 0, 0, vec);
                return out.contiguous();
            });
        }
    }

    @Test
    void fillAndCopyMatchScalar() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int n : SIZES) {
                for (Tensor x : layouts(rnd, dt, n)) {
                    compare("fill " + dt + " n=" + n, 0, vec -> {
                        Tensor out = tensor(values(new SplittableRandom(n), 3 * (n + 2)), dt, 3, n + 2).narrow(1, 1, n);
                        CpuElementwise.fill(out, 1.25, vec);
                        return out.contiguous();
                    });
                    Tensor out = emptyLike(x, dt);
                    CpuElementwise.copy(x, out);
                    assertClose(x, out, 0, "copy " + dt + " n=" + n);
                }
            }
        }
    }

    @Test
    void longRowsSplitAcrossThreads() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 100_003; // past the 16K chunk, so the row is split into pieces with odd starts
        Tensor a = tensor(values(rnd, n), DType.F32, n), b = tensor(values(rnd, n), DType.F32, n);
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            compare("mul threads=" + threads, 0, vec -> {
                Tensor out = emptyLike(a, DType.F32);
                CpuElementwise.binary(BinaryOp.MUL, a, b, out, vec);
                return out;
            });
            compare("sigmoid threads=" + threads, relTolerance(UnaryOp.SIGMOID), vec -> {
                Tensor out = emptyLike(a, DType.F32);
                CpuElementwise.unary(UnaryOp.SIGMOID, a, out, 0, 0, vec);
                return out;
            });
        }
    }

    @Test
    void specialValuesFollowTheScalarDefinitions() {
        Tensor x = Tensor.fromArray(new float[] {-0f, 0f, Float.NaN, -1e30f, 1e30f, -100f, 100f});
        Tensor relu = emptyLike(x, DType.F32), sig = emptyLike(x, DType.F32), tanh = emptyLike(x, DType.F32);
        CpuElementwise.unary(UnaryOp.RELU, x, relu, 0, 0, true);
        CpuElementwise.unary(UnaryOp.SIGMOID, x, sig, 0, 0, true);
        CpuElementwise.unary(UnaryOp.TANH, x, tanh, 0, 0, true);
        float[] r = relu.toFloatArray(), s = sig.toFloatArray(), t = tanh.toFloatArray();
        assertEquals(0f, r[0]);
        assertTrue(Float.isNaN(r[2]) && Float.isNaN(s[2]) && Float.isNaN(t[2]), "NaN propagates");
        assertEquals(0f, s[3]);
        assertEquals(1f, s[4]);
        assertEquals(-1f, t[3]);
        assertEquals(1f, t[4]);
        assertEquals(0.5f, s[1]);
    }
}
