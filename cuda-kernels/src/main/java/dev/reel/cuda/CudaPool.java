package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.PoolGeometry;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/** Max and average pooling over 5-D tensors: the kernels of pool.cu. Outputs are fresh and contiguous. */
final class CudaPool {
    private CudaPool() {}

    /** The PoolShape struct of pool.cu. */
    private static int[] shape(PoolGeometry g, int[] x, int[] y) {
        int[] k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        return new int[] {x[2], x[3], x[4], y[2], y[3], y[4], k[0], k[1], k[2], s[0], s[1], s[2], p[0], p[1], p[2],
                d[0], d[1], d[2], g.countIncludePad() ? 1 : 0, g.divisorOverride(), g.adaptive() ? 1 : 0};
    }

    private static void requireFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": not defined for " + x.dtype().torchName() + " on CUDA (use a float dtype)");
        }
    }

    static void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        requireFloat("max_pool", x);
        x = x.contiguous();
        int[] xs = x.shape();
        int P = xs[0] * xs[1];
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(x)).ints(shape(g, xs, y.shape())).ptr(first(y)).ptr(first(indices)).i32(P);
            context(y).launch1d("pool", "max_pool_" + Kernels.suffix(x.dtype()), y.numel(), args);
        }
    }

    static void avgPool(PoolGeometry g, Tensor x, Tensor y) {
        requireFloat("avg_pool", x);
        x = x.contiguous();
        int[] xs = x.shape();
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(x)).ints(shape(g, xs, y.shape())).ptr(first(y)).i32(xs[0] * xs[1]);
            context(y).launch1d("pool", "avg_pool_" + Kernels.suffix(x.dtype()), y.numel(), args);
        }
    }

    static void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx) {
        requireFloat("avg_pool_backward", dy);
        dy = dy.contiguous();
        int[] xs = dx.shape();
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(dy)).ints(shape(g, xs, dy.shape())).ptr(first(dx)).i32(xs[0] * xs[1]);
            context(dx).launch1d("pool", "avg_pool_backward_" + Kernels.suffix(dx.dtype()), dy.numel(), args);
        }
    }
}
