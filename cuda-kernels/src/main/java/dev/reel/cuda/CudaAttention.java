package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CachingAllocator;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.cuda.internal.Views;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

import java.lang.foreign.Arena;
import java.util.Arrays;

import static dev.reel.cuda.Kernels.base;
import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/**
 * Scaled dot-product attention with the flash-attention kernels of attention.cu (the algorithm
 * is described there; {@code CpuAttention} and {@code AttentionOps} are the specification).
 *
 * <p>Inputs are read in place whatever their batch strides (broadcast heads or batch items cost
 * nothing); only an operand whose last dim is not unit-stride is copied. Head dims above
 * {@value #MAX_HEAD_DIM} return false, and the backend then runs the composite formula.
 */
final class CudaAttention {
    private CudaAttention() {}

    /** ATT_MAXD of attention.cu: the largest E and Ev the kernels hold in shared memory. */
    static final int MAX_HEAD_DIM = 128;
    private static final int THREADS = 128;
    private static final int MAX_GRID_Y = 65535;

    /** Queries per forward block and (query, key) tile of backward, as AttTiles in attention.cu. */
    private static int forwardRows(DType t) { return t == DType.F32 ? 16 : 8; }

    private static int backwardQueries(DType t) { return t == DType.F32 ? 8 : 4; }

    private static int backwardKeys(DType t) { return t == DType.F32 ? 32 : 16; }

    /** Whether the kernels take these operands (float dtype, head dims that fit, grid within limits). */
    static boolean supports(Tensor q, Tensor v) {
        DType t = q.dtype();
        if (t != DType.F32 && t != DType.F64) return false;
        int l = q.size(-2), s = v.size(-2);
        return q.size(-1) <= MAX_HEAD_DIM && v.size(-1) <= MAX_HEAD_DIM
                && ceilDiv(l, backwardQueries(t)) <= MAX_GRID_Y && ceilDiv(s, backwardKeys(t)) <= MAX_GRID_Y;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** The operand with a unit-stride last dim (copied only when it has none). */
    private static Tensor unitInner(Tensor t) {
        return t.stride(-1) == 1 || t.size(-1) == 1 ? t : t.contiguous();
    }

    /** The batch dims of several same-batch operands, merged where all of them allow. */
    private static Views.Coalesced batchViews(Tensor... ts) {
        int nb = ts[0].dim() - 2;
        int[][] strides = new int[ts.length][];
        for (int i = 0; i < ts.length; i++) strides[i] = Arrays.copyOf(ts[i].strides(), nb);
        return Views.coalesce(Arrays.copyOf(ts[0].shape(), nb), strides);
    }

    private static int batchCount(Tensor q) {
        int n = 1;
        for (int d = 0; d < q.dim() - 2; d++) n *= q.size(d);
        return n;
    }

    /** base pointer, batch View and row stride of operand i of the coalesced batch views. */
    private static Args operand(Args a, Tensor t, Views.Coalesced c, int i, String op) {
        return a.ptr(base(t)).view(c.sizes(), c.strides()[i], t.offset(), op).i32(t.stride(-2));
    }

    /** mask pointer, kind (0 none, 1 bool, 2 float), row and column strides, batch View. */
    private static Args mask(Args a, Tensor mask, Views.Coalesced c, int i, String op) {
        if (mask == null) return a.ptr(0).i32(0).i32(0).i32(0).view(c.sizes(), c.strides()[0], 0, op);
        return a.ptr(base(mask)).i32(mask.dtype() == DType.BOOL ? 1 : 2).i32(mask.stride(-2)).i32(mask.stride(-1))
                .view(c.sizes(), c.strides()[i], mask.offset(), op);
    }

    /** Runs the forward kernel; false when {@link #supports} does not hold (the caller composes then). */
    static boolean forward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        if (!supports(q, v)) return false;
        String op = "scaled_dot_product_attention";
        q = unitInner(q);
        k = unitInner(k);
        v = unitInner(v);
        DType t = q.dtype();
        int n = batchCount(q), l = q.size(-2), s = k.size(-2), e = q.size(-1), ev = v.size(-1);
        if (n == 0 || l == 0) return true;
        Views.Coalesced c = mask == null ? batchViews(q, k, v) : batchViews(q, k, v, mask);
        CudaContext ctx = context(out);
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena);
            operand(args, q, c, 0, op);
            operand(args, k, c, 1, op);
            operand(args, v, c, 2, op);
            mask(args, mask, c, 3, op);
            args.i32(causal ? 1 : 0).f64(scale).ptr(first(out)).ptr(first(lse)).i32(l).i32(s).i32(e).i32(ev);
            ctx.launch("attention", "attention_forward_" + Kernels.suffix(t), n, ceilDiv(l, forwardRows(t)), 1,
                    THREADS, 1, 1, args);
        }
        return true;
    }

    /** Runs the three backward kernels; false when {@link #supports} does not hold. */
    static boolean backward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out,
                            Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        if (!supports(q, v)) return false;
        String op = "scaled_dot_product_attention backward";
        q = unitInner(q);
        k = unitInner(k);
        v = unitInner(v);
        out = unitInner(out);
        dOut = unitInner(dOut);
        lse = lse.contiguous();
        DType t = q.dtype();
        int n = batchCount(q), l = q.size(-2), s = k.size(-2), e = q.size(-1), ev = v.size(-1);
        if (n == 0) return true;
        if (l == 0 || s == 0) {  // no scores: every gradient is zero
            CudaElementwise.fill(dq, 0);
            CudaElementwise.fill(dk, 0);
            CudaElementwise.fill(dv, 0);
            return true;
        }
        // order of the views: q, k, v, dOut, out, then the mask
        Views.Coalesced c = mask == null ? batchViews(q, k, v, dOut, out) : batchViews(q, k, v, dOut, out, mask);
        CudaContext ctx = context(dq);
        String sfx = Kernels.suffix(t);
        CachingAllocator.Block d = ctx.allocator().allocate((long) n * l * t.itemSize());
        try (Arena arena = Arena.ofConfined()) {
            Args rowdot = new Args(arena);
            operand(rowdot, dOut, c, 3, op);
            operand(rowdot, out, c, 4, op);
            rowdot.ptr(d.address()).i32(n).i32(l).i32(ev);
            ctx.launch1d("attention", "attention_rowdot_" + sfx, (long) n * l * 32, rowdot);

            Args kv = common(arena, q, k, v, mask, causal, scale, dOut, lse, d, c, op).ptr(first(dk)).ptr(first(dv))
                    .i32(l).i32(s).i32(e).i32(ev);
            ctx.launch("attention", "attention_backward_kv_" + sfx, n, ceilDiv(s, backwardKeys(t)), 1, THREADS, 1, 1, kv);
            Args dqArgs = common(arena, q, k, v, mask, causal, scale, dOut, lse, d, c, op).ptr(first(dq))
                    .i32(l).i32(s).i32(e).i32(ev);
            ctx.launch("attention", "attention_backward_q_" + sfx, n, ceilDiv(l, backwardQueries(t)), 1, THREADS, 1, 1,
                    dqArgs);
        } finally {
            ctx.allocator().free(d);  // one stream: later users of the block run after these kernels
        }
        return true;
    }

    /** The arguments the two gradient kernels share, up to their outputs. */
    private static Args common(Arena arena, Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale,
                               Tensor dOut, Tensor lse, CachingAllocator.Block d, Views.Coalesced c, String op) {
        Args a = new Args(arena);
        operand(a, q, c, 0, op);
        operand(a, k, c, 1, op);
        operand(a, v, c, 2, op);
        mask(a, mask, c, 5, op);
        a.i32(causal ? 1 : 0).f64(scale);
        operand(a, dOut, c, 3, op);
        return a.ptr(first(lse)).ptr(d.address());
    }
}
