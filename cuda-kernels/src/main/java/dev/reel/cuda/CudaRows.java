package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.engine.Tensor;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/**
 * The row kernels of softmax.cu and layernorm.cu over a contiguous (R, N) matrix: one block per
 * row, its threads striding along the row, the sums met through warp shuffles (see those files).
 */
final class CudaRows {
    private CudaRows() {}

    /** Threads per row: enough to cover short rows once, up to 1024 for long ones; a multiple of 32. */
    static int blockFor(int n) {
        int threads = 32;
        while (threads < n && threads < 1024) threads *= 2;
        return threads;
    }

    /** One block per row, at most 32 resident blocks per multiprocessor's worth (the kernels stride over rows). */
    private static int gridFor(CudaContext ctx, int rows) {
        return Math.max(1, Math.min(rows, ctx.multiprocessors() * 32));
    }

    private static void requireFloat(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": not defined for " + t.dtype().torchName() + " (use a float dtype)");
        }
    }

    static void softmax(Tensor x, boolean log, Tensor out) {
        String op = log ? "log_softmax" : "softmax";
        requireFloat(op, x);
        int rows = x.size(0), n = x.size(1);
        if (rows == 0 || n == 0) return;
        CudaContext ctx = context(out);
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(x)).ptr(first(out)).i32(rows).i32(n).i32(log ? 1 : 0);
            ctx.launch("softmax", "softmax_" + Kernels.suffix(x.dtype()), gridFor(ctx, rows), 1, 1, blockFor(n), 1, 1, args);
        }
    }

    static void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        requireFloat("layer_norm", x);
        int rows = x.size(0), n = x.size(1);
        if (rows == 0 || n == 0) return;
        // weight and bias are usually contiguous parameters already; a strided view is copied once
        Tensor w = weight == null ? null : weight.contiguous(), b = bias == null ? null : bias.contiguous();
        CudaContext ctx = context(out);
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(x)).ptr(w == null ? 0 : first(w)).ptr(b == null ? 0 : first(b))
                    .ptr(first(out)).ptr(first(mean)).ptr(first(rstd)).i32(rows).i32(n).f64(eps);
            ctx.launch("layernorm", "layernorm_" + Kernels.suffix(x.dtype()), gridFor(ctx, rows), 1, 1, blockFor(n), 1, 1, args);
        }
    }
}
