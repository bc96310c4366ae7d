package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.engine.Tensor;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.base;
import static dev.reel.cuda.Kernels.context;

/**
 * gather, scatter, index_select and index_add: the kernels of index.cu. Views keep their dims
 * (the dim being indexed must stay addressable), so each tensor may have at most 8 dims. A bad
 * index is reported by the kernel and thrown here with the CPU backend's wording.
 */
final class CudaIndexing {
    private CudaIndexing() {}

    private static void check(CudaContext ctx, String op, int dim, int size) {
        Kernels.checkErrors(ctx, (pos, value) -> {
            throw new IndexOutOfBoundsException(op + ": index " + value + " is out of bounds for dimension " + dim
                    + " with size " + size);
        });
    }

    private static Args view(Args a, Tensor t, String op) {
        return a.view(t.shape(), t.strides(), t.offset(), op);
    }

    static void gather(Tensor x, int dim, Tensor index, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        long err = ctx.clearedErrorWord();
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(base(x));
            view(a, x, "gather").i32(dim).ptr(base(index));
            view(a, index, "gather").ptr(base(out));
            view(a, out, "gather").i32(n).ptr(err);
            ctx.launch1d("index", "gather_" + Kernels.sizeSuffix(x.dtype()), n, a);
        }
        check(ctx, "gather", dim, x.shape()[dim]);
    }

    static void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate) {
        int n = index.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        long err = ctx.clearedErrorWord();
        String kernel = accumulate ? "scatter_add_" + Kernels.suffix(out.dtype()) : "scatter_" + Kernels.sizeSuffix(out.dtype());
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(base(out));
            view(a, out, "scatter").i32(dim).ptr(base(index));
            view(a, index, "scatter").ptr(base(src));
            view(a, src, "scatter").i32(n).ptr(err);
            ctx.launch1d("index", kernel, n, a);
        }
        check(ctx, "scatter", dim, out.shape()[dim]);
    }

    static void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        long err = ctx.clearedErrorWord();
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(base(x));
            view(a, x, "index_select").i32(dim).ptr(base(index));
            view(a, index, "index_select").ptr(base(out));
            view(a, out, "index_select").i32(n).ptr(err);
            ctx.launch1d("index", "index_select_" + Kernels.sizeSuffix(x.dtype()), n, a);
        }
        check(ctx, "index_select", dim, x.shape()[dim]);
    }

    static void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        int n = src.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        long err = ctx.clearedErrorWord();
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(base(out));
            view(a, out, "index_add").i32(dim).ptr(base(index));
            view(a, index, "index_add").ptr(base(src));
            view(a, src, "index_add").i32(n).ptr(err);
            ctx.launch1d("index", "index_add_" + Kernels.suffix(out.dtype()), n, a);
        }
        check(ctx, "index_add", dim, out.shape()[dim]);
    }
}
