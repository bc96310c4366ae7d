package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Shared pieces of the kernel sweep tests ({@code *SweepTest}): each fast F32 kernel, called through
 * the public ops, against a plain F64 loop written in the test, on the sizes that hit the edges of
 * vector lanes and register tiles, on non-contiguous and transposed inputs, with 1..4 threads.
 *
 * <p>Tolerances come from the reduction length: a sum of k F32 products is within
 * γ(k)·Σ|terms| of the exact sum, γ(k) = k·u/(1 - k·u), u = 2⁻²⁴ (Higham, Accuracy and Stability
 * of Numerical Algorithms, §3.1); each test states the bound of its kernel.
 */
final class Sweep {
    /** Sizes around vector widths (4, 8, 16 floats) and register tiles. */
    static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    static final double U = 0x1p-24;

    private Sweep() {}

    /** γ(k): the relative error bound of a sum of k rounded terms. */
    static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    /** Runs {@code body} with the worker pool at 1, 2, 3 and 4 threads, then restores its size. */
    static void forThreads(java.util.function.IntConsumer body) {
        int saved = Parallel.threads();
        try {
            for (int threads = 1; threads <= 4; threads++) {
                Parallel.setThreads(threads);
                body.accept(threads);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    static int pick(SplittableRandom rnd, int... from) {
        return from[rnd.nextInt(from.length)];
    }

    /** A size from {@link #SIZES} no larger than {@code max}. */
    static int size(SplittableRandom rnd, int max) {
        int n;
        do {
            n = SIZES[rnd.nextInt(SIZES.length)];
        } while (n > max);
        return n;
    }

    /**
     * A random F32 leaf tensor (optionally requiring grad) seen through a view of the given shape:
     * layout 0 contiguous, 1 its last two dims transposed in memory (a {@code transpose} view), 2
     * its rows strided (a {@code narrow} of a wider last dim). {@link #grad()} maps the leaf's
     * gradient through the same view.
     */
    record Input(Tensor leaf, Tensor view, UnaryOperator<Tensor> viewOf) {
        static Input of(Generator g, int layout, boolean requiresGrad, int... shape) {
            return of(g, layout, requiresGrad, 1, 0, shape);
        }

        /** As above with values {@code scale·N(0, 1) + shift}. */
        static Input of(Generator g, int layout, boolean requiresGrad, double scale, double shift, int... shape) {
            int r = shape.length;
            int[] base = shape.clone();
            UnaryOperator<Tensor> viewOf;
            if (layout == 1 && r >= 2) {
                base[r - 1] = shape[r - 2];
                base[r - 2] = shape[r - 1];
                viewOf = t -> t.transpose(r - 2, r - 1);
            } else if (layout != 0) {
                base[r - 1] = 2 * shape[r - 1] + 1;
                viewOf = t -> t.narrow(r - 1, 1, shape[r - 1]);
            } else {
                viewOf = t -> t;
            }
            Tensor leaf = Tensor.randn(g, base).mul(scale).add(shift);
            if (requiresGrad) leaf.requiresGrad_(true);
            return new Input(leaf, viewOf.apply(leaf), viewOf);
        }

        double[] values() {
            return view.toDoubleArray();
        }

        /** The gradient of the view, in the view's logical order. */
        double[] grad() {
            if (leaf.grad() == null) fail("no gradient reached the input");
            return viewOf.apply(leaf.grad()).toDoubleArray();
        }
    }

    static void assertWithin(double[] expected, double[] got, double[] tol, String what) {
        if (expected.length != got.length) fail(what + ": " + got.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double t = tol[i] + Float.MIN_NORMAL;
            if (!(Math.abs(expected[i] - got[i]) <= t)) {
                fail(what + " [" + i + "]: f64 oracle " + expected[i] + " vs f32 kernel " + got[i] + ", |diff| "
                        + Math.abs(expected[i] - got[i]) + " > " + t);
            }
        }
    }
}
