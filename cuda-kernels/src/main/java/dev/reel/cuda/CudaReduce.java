package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CachingAllocator;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.cuda.internal.Views;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ReduceOp;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.base;
import static dev.reel.cuda.Kernels.context;

/** reduce, argReduce and cumsum: the kernels of reduce.cu. */
final class CudaReduce {
    private CudaReduce() {}

    /** Below this many outputs a large reduction is split across blocks (the two-pass path). */
    private static final int SPLIT_MIN_R = 1 << 16;
    private static final int CHUNK = 1 << 14;

    /** The accumulator dtype of reduce.cu's Acc<T>. */
    private static DType accumulator(DType t) {
        return t == DType.F32 || t == DType.F64 ? t : DType.I64;
    }

    static void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        int O = out.numel();
        if (O == 0) return;
        CudaContext ctx = context(out);
        int[] xs = x.shape(), xst = x.strides();
        boolean[] reduced = new boolean[xs.length];
        for (int d : dims) reduced[d] = true;
        // outer: the kept dims (out's shape), in x's and out's strides; inner: the reduced dims.
        int[] outerShape = out.shape(), outerX = xst.clone();
        int nInner = 0;
        for (boolean r : reduced) if (r) nInner++;
        int[] innerShape = new int[nInner], innerX = new int[nInner];
        long R = 1;
        for (int d = 0, k = 0; d < xs.length; d++) {
            if (!reduced[d]) continue;
            innerShape[k] = xs[d];
            innerX[k++] = xst[d];
            R *= xs[d];
            outerX[d] = 0;  // out has size 1 there: the stride is never used
        }
        Views.Coalesced outer = Views.coalesce(outerShape, new int[][] {outerX, out.strides()});
        Views.Coalesced inner = Views.coalesce(innerShape, new int[][] {innerX});
        int S = 1, chunk = (int) Math.max(1, R);
        if (R >= SPLIT_MIN_R && O < 2 * ctx.multiprocessors()) {
            S = (int) Math.min((R + CHUNK - 1) / CHUNK, Math.max(1, 4L * ctx.multiprocessors() / O));
            chunk = (int) ((R + S - 1) / S);
        }
        String suffix = Kernels.suffix(x.dtype());
        int blocks = (int) Math.min((long) O * S, 65535L * 16);
        if (S == 1) {
            try (Arena arena = Arena.ofConfined()) {
                Args args = new Args(arena).i32(op.ordinal()).ptr(base(x))
                        .view(outer.sizes(), outer.strides()[0], x.offset(), "reduce")
                        .view(inner.sizes(), inner.strides()[0], 0, "reduce")
                        .ptr(base(out)).i32(out.dtype().ordinal())
                        .view(outer.sizes(), outer.strides()[1], out.offset(), "reduce")
                        .i32(O).i32((int) R).i32(1).i32(chunk);
                ctx.launch("reduce", "reduce_" + suffix, blocks, 1, 1, 256, 1, 1, args);
            }
            return;
        }
        // Pass 1: O*S partials in the accumulator type; pass 2 reduces each output's S partials.
        DType acc = accumulator(x.dtype());
        CachingAllocator.Block partials = ctx.allocator().allocate((long) O * S * acc.itemSize());
        try {
            try (Arena arena = Arena.ofConfined()) {
                Args args = new Args(arena).i32(op.ordinal()).ptr(base(x))
                        .view(outer.sizes(), outer.strides()[0], x.offset(), "reduce")
                        .view(inner.sizes(), inner.strides()[0], 0, "reduce")
                        .ptr(partials.address()).i32(acc.ordinal())
                        .view(new int[] {O}, new int[] {1}, 0, "reduce")
                        .i32(O).i32((int) R).i32(S).i32(chunk);
                ctx.launch("reduce", "reduce_" + suffix, blocks, 1, 1, 256, 1, 1, args);
            }
            try (Arena arena = Arena.ofConfined()) {
                Args args = new Args(arena).i32(op.ordinal()).ptr(partials.address())
                        .view(new int[] {O}, new int[] {S}, 0, "reduce")
                        .view(new int[] {S}, new int[] {1}, 0, "reduce")
                        .ptr(base(out)).i32(out.dtype().ordinal())
                        .view(outer.sizes(), outer.strides()[1], out.offset(), "reduce")
                        .i32(O).i32(S).i32(1).i32(S);
                ctx.launch("reduce", "reduce_" + Kernels.suffix(acc), Math.min(O, 65535 * 16), 1, 1, 256, 1, 1, args);
            }
        } finally {
            // The stream orders the free after both passes; the block is reused only by later launches.
            ctx.allocator().free(partials);
        }
    }

    static void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        int O = values.numel();
        if (O == 0) return;
        int[] outerX = x.strides();
        int len = x.shape()[dim], stride = outerX[dim];
        outerX[dim] = 0;
        Views.Coalesced c = Views.coalesce(values.shape(), new int[][] {outerX, values.strides(), indices.strides()});
        DType t = x.dtype() == DType.BOOL ? DType.U8 : x.dtype();  // same bytes, same order
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).i32(max ? 1 : 0).ptr(base(x))
                    .view(c.sizes(), c.strides()[0], x.offset(), "argmax")
                    .i32(len).i32(stride)
                    .ptr(base(values)).view(c.sizes(), c.strides()[1], values.offset(), "argmax")
                    .ptr(base(indices)).view(c.sizes(), c.strides()[2], indices.offset(), "argmax").i32(O);
            // One warp per output: 8 outputs per 256-thread block.
            context(values).launch1d("reduce", "arg_reduce_" + Kernels.suffix(t), (long) O * 32, args);
        }
    }

    static void cumsum(Tensor x, int dim, Tensor out) {
        if (out.numel() == 0) return;
        int[] xo = x.strides(), oo = out.strides(), shape = out.shape();
        int len = shape[dim], xstride = xo[dim], ostride = oo[dim];
        shape[dim] = 1;
        Views.Coalesced c = Views.coalesce(shape, new int[][] {xo, oo});
        int O = out.numel() / Math.max(1, len);
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(base(x)).view(c.sizes(), c.strides()[0], x.offset(), "cumsum")
                    .i32(len).i32(xstride).ptr(base(out)).i32(out.dtype().ordinal())
                    .view(c.sizes(), c.strides()[1], out.offset(), "cumsum").i32(ostride).i32(O);
            context(out).launch("reduce", "cumsum_" + Kernels.suffix(x.dtype()), Math.min(O, 65535 * 16), 1, 1,
                    256, 1, 1, args);
        }
    }
}
