package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CachingAllocator;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ConvGeometry;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/**
 * Batched matmul (gemm.cu) and convolution lowered to it (conv.cu's im2col/col2im).
 *
 * <p>F32 products go to the CUDA cores, or to the tensor cores with TF32 or BF16 inputs, as
 * {@link MatmulPrecision#current()} says ({@code -Dreel.cuda.tf32=true} makes TF32 the default).
 */
final class CudaLinear {
    private CudaLinear() {}

    private static final int MAX_GRID_Z = 65535;

    /**
     * out[z] (+)= A[z] @ B[z] for z < batch, with element strides (batch, row, col) per operand.
     * Pointers are of element (0, 0, 0).
     */
    static void gemm(CudaContext ctx, DType t, long a, long[] sa, long b, long[] sb, long out, long[] so, int batch,
                     int M, int N, int K, boolean accumulate) {
        gemm(ctx, t, a, sa, b, sb, out, so, batch, M, N, K, accumulate, MatmulPrecision.current());
    }

    /** As above with the F32 precision given (F64 ignores it). */
    static void gemm(CudaContext ctx, DType t, long a, long[] sa, long b, long[] sb, long out, long[] so, int batch,
                     int M, int N, int K, boolean accumulate, MatmulPrecision precision) {
        if (t != DType.F32 && t != DType.F64) {
            throw new IllegalArgumentException("matmul: not defined for " + t.torchName() + " (use a float dtype)");
        }
        if (M == 0 || N == 0 || batch == 0) return;
        int size = t.itemSize();
        for (int z0 = 0; z0 < batch; z0 += MAX_GRID_Z) {
            int zb = Math.min(MAX_GRID_Z, batch - z0);
            try (Arena arena = Arena.ofConfined()) {
                Args args = new Args(arena).ptr(a + z0 * sa[0] * size).longs(sa).ptr(b + z0 * sb[0] * size).longs(sb)
                        .ptr(out + z0 * so[0] * size).longs(so).i32(zb).i32(M).i32(N).i32(K).i32(accumulate ? 1 : 0);
                if (t == DType.F64) {
                    ctx.launch("gemm", "dgemm_tiled", (N + 31) / 32, (M + 31) / 32, zb, 32, 8, 1, args);
                } else {
                    ctx.launch("gemm", precision.kernel(), (N + 127) / 128, (M + 127) / 128, zb,
                            256, 1, 1, args);
                }
            }
        }
    }

    static void matmul(Tensor a, Tensor c, Tensor out) {
        int[] as = a.shape(), cs = c.shape();
        int[] ast = a.strides(), cst = c.strides(), ost = out.strides();
        gemm(context(out), out.dtype(), first(a), new long[] {ast[0], ast[1], ast[2]}, first(c),
                new long[] {cst[0], cst[1], cst[2]}, first(out), new long[] {ost[0], ost[1], ost[2]}, as[0], as[1],
                cs[2], as[2], false);
    }

    /** The ConvShape struct of conv.cu for one group of x (N, C, D, H, W) and w (Cout, C/g, kD, kH, kW). */
    private static int[] shape(ConvGeometry g, int[] x, int[] w, int[] y) {
        int[] s = g.stride(), p = g.padding(), d = g.dilation();
        return new int[] {x[1] / g.groups(), x[2], x[3], x[4], w[2], w[3], w[4], s[0], s[1], s[2], p[0], p[1], p[2],
                d[0], d[1], d[2], y[2], y[3], y[4]};
    }

    private record Dims(int N, int groups, int Cg, int CoutG, int Ck, int L, long xSample, long ySample) {
        static Dims of(ConvGeometry g, int[] x, int[] w, int[] y) {
            int Cg = x[1] / g.groups(), CoutG = w[0] / g.groups();
            int Ck = Cg * w[2] * w[3] * w[4], L = y[2] * y[3] * y[4];
            return new Dims(x[0], g.groups(), Cg, CoutG, Ck, L, (long) x[1] * x[2] * x[3] * x[4], (long) y[1] * L);
        }

        long xGroup() { return xSample / groups; }
    }

    private static void im2col(CudaContext ctx, DType t, long x, int[] shape, long col, long n) {
        try (Arena arena = Arena.ofConfined()) {
            ctx.launch1d("conv", "im2col_" + Kernels.suffix(t), n, new Args(arena).ptr(x).ints(shape).ptr(col));
        }
    }

    private static Tensor contiguous(Tensor t) {
        return t.contiguous();
    }

    /** y[n, group] = w[group] @ im2col(x[n, group]). */
    static void conv(ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        x = contiguous(x);
        w = contiguous(w);
        Tensor yc = y.isContiguous() ? y : Tensor.fromStorage(CudaBackend.INSTANCE.allocate(y.device(), y.dtype(),
                y.numel()), y.shape(), CudaElementwise.contiguousStrides(y.shape()), 0);
        CudaContext ctx = context(y);
        DType t = y.dtype();
        int size = t.itemSize();
        Dims d = Dims.of(g, x.shape(), w.shape(), y.shape());
        int[] shape = shape(g, x.shape(), w.shape(), y.shape());
        CachingAllocator.Block col = ctx.allocator().allocate((long) d.Ck() * d.L() * size);
        try {
            for (int n = 0; n < d.N(); n++) {
                for (int grp = 0; grp < d.groups(); grp++) {
                    im2col(ctx, t, first(x) + (n * d.xSample() + grp * d.xGroup()) * size, shape, col.address(),
                            (long) d.Ck() * d.L());
                    gemm(ctx, t, first(w) + (long) grp * d.CoutG() * d.Ck() * size, new long[] {0, d.Ck(), 1},
                            col.address(), new long[] {0, d.L(), 1},
                            first(yc) + (n * d.ySample() + (long) grp * d.CoutG() * d.L()) * size,
                            new long[] {0, d.L(), 1}, 1, d.CoutG(), d.L(), d.Ck(), false);
                }
            }
        } finally {
            ctx.allocator().free(col);
        }
        if (yc != y) CudaElementwise.copy(yc, y);
    }

    /** dx[n, group] += col2im(w[group]^T @ dy[n, group]); dx is zero-filled and contiguous on entry. */
    static void convBackwardInput(ConvGeometry g, Tensor dy, Tensor w, Tensor dx) {
        dy = contiguous(dy);
        w = contiguous(w);
        CudaContext ctx = context(dx);
        DType t = dx.dtype();
        int size = t.itemSize();
        Dims d = Dims.of(g, dx.shape(), w.shape(), dy.shape());
        int[] shape = shape(g, dx.shape(), w.shape(), dy.shape());
        CachingAllocator.Block dcol = ctx.allocator().allocate((long) d.Ck() * d.L() * size);
        try {
            for (int n = 0; n < d.N(); n++) {
                for (int grp = 0; grp < d.groups(); grp++) {
                    // w[group] is (CoutG x Ck) row-major; its transpose has row stride 1, column stride Ck.
                    gemm(ctx, t, first(w) + (long) grp * d.CoutG() * d.Ck() * size, new long[] {0, 1, d.Ck()},
                            first(dy) + (n * d.ySample() + (long) grp * d.CoutG() * d.L()) * size,
                            new long[] {0, d.L(), 1}, dcol.address(), new long[] {0, d.L(), 1}, 1, d.Ck(), d.L(),
                            d.CoutG(), false);
                    try (Arena arena = Arena.ofConfined()) {
                        long dxp = first(dx) + (n * d.xSample() + grp * d.xGroup()) * size;
                        ctx.launch1d("conv", "col2im_" + Kernels.suffix(t), d.xGroup(),
                                new Args(arena).ptr(dcol.address()).ints(shape).ptr(dxp));
                    }
                }
            }
        } finally {
            ctx.allocator().free(dcol);
        }
    }

    /** dw[group] += dy[n, group] @ im2col(x[n, group])^T over the batch; dw zero-filled and contiguous. */
    static void convBackwardWeight(ConvGeometry g, Tensor x, Tensor dy, Tensor dw) {
        x = contiguous(x);
        dy = contiguous(dy);
        CudaContext ctx = context(dw);
        DType t = dw.dtype();
        int size = t.itemSize();
        Dims d = Dims.of(g, x.shape(), dw.shape(), dy.shape());
        int[] shape = shape(g, x.shape(), dw.shape(), dy.shape());
        CachingAllocator.Block col = ctx.allocator().allocate((long) d.Ck() * d.L() * size);
        try {
            for (int n = 0; n < d.N(); n++) {
                for (int grp = 0; grp < d.groups(); grp++) {
                    im2col(ctx, t, first(x) + (n * d.xSample() + grp * d.xGroup()) * size, shape, col.address(),
                            (long) d.Ck() * d.L());
                    // col^T (L x Ck): element (l, r) sits at r*L + l.
                    gemm(ctx, t, first(dy) + (n * d.ySample() + (long) grp * d.CoutG() * d.L()) * size,
                            new long[] {0, d.L(), 1}, col.address(), new long[] {0, 1, d.L()},
                            first(dw) + (long) grp * d.CoutG() * d.Ck() * size, new long[] {0, d.Ck(), 1}, 1,
                            d.CoutG(), d.Ck(), d.L(), true);
                }
            }
        } finally {
            ctx.allocator().free(col);
        }
    }
}
