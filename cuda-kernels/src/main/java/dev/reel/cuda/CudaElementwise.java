package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.cuda.internal.Views;
import dev.reel.engine.DType;
import dev.reel.engine.HalfFloats;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.UnaryOp;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.base;
import static dev.reel.cuda.Kernels.context;

/** fill, copy, unary, binary, where and random: the kernels of elementwise.cu and random.cu. */
final class CudaElementwise {
    private CudaElementwise() {}

    private static int[][] strides(Tensor... ts) {
        int[][] s = new int[ts.length][];
        for (int i = 0; i < ts.length; i++) s[i] = ts[i].strides();
        return s;
    }

    static void fill(Tensor out, double value) {
        int n = out.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        Views.Coalesced c = Views.coalesce(out.shape(), strides(out));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(base(out)).view(c.sizes(), c.strides()[0], out.offset(), "fill");
            // The value converted as CpuStorage.set converts it, passed as raw bits.
            switch (out.dtype()) {
                case BOOL -> args.u8((byte) (value != 0 ? 1 : 0));
                case U8 -> args.u8((byte) (long) value);
                case I32 -> args.i32((int) (long) value);
                case I64 -> args.i64((long) value);
                case F32 -> args.i32(Float.floatToRawIntBits((float) value));
                case F64 -> args.i64(Double.doubleToRawLongBits(value));
                case BF16, F16 -> args.u16(HalfFloats.fromFloat(out.dtype(), (float) value));
            }
            ctx.launch1d("elementwise", "fill_" + Kernels.sizeSuffix(out.dtype()), n, args.i32(n));
        }
    }

    static void copy(Tensor src, Tensor dst) {
        int n = dst.numel();
        if (n == 0) return;
        Views.Coalesced c = Views.coalesce(dst.shape(), strides(src, dst));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(base(src)).view(c.sizes(), c.strides()[0], src.offset(), "copy")
                    .ptr(base(dst)).view(c.sizes(), c.strides()[1], dst.offset(), "copy").i32(n);
            context(dst).launch1d("elementwise", "copy_" + Kernels.suffix(src.dtype()) + "_"
                    + Kernels.suffix(dst.dtype()), n, args);
        }
    }

    static void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        int n = out.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        boolean integral = x.dtype().isIntegral();
        boolean checked = integral && op == UnaryOp.POW_SCALAR && p1 < 0;
        long err = checked ? ctx.clearedErrorWord() : 0;
        Views.Coalesced c = Views.coalesce(out.shape(), strides(x, out));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).i32(op.ordinal())
                    .ptr(base(x)).view(c.sizes(), c.strides()[0], x.offset(), op.name())
                    .ptr(base(out)).view(c.sizes(), c.strides()[1], out.offset(), op.name())
                    .i32(n).f64(p1).f64(p2).i32(c.contiguous() ? 1 : 0).ptr(err);
            ctx.launch1d("elementwise", "unary_" + Kernels.suffix(x.dtype()), n, args);
        }
        if (checked) {
            Kernels.checkErrors(ctx, (pos, v) -> {
                throw new ArithmeticException("pow: integers to negative integer powers are not allowed");
            });
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        CudaContext ctx = context(out);
        boolean checked = a.dtype().isIntegral() && (op == BinaryOp.DIV || op == BinaryOp.POW);
        long err = checked ? ctx.clearedErrorWord() : 0;
        Views.Coalesced c = Views.coalesce(out.shape(), strides(a, b, out));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).i32(op.ordinal())
                    .ptr(base(a)).view(c.sizes(), c.strides()[0], a.offset(), op.name())
                    .ptr(base(b)).view(c.sizes(), c.strides()[1], b.offset(), op.name())
                    .ptr(base(out)).view(c.sizes(), c.strides()[2], out.offset(), op.name())
                    .i32(n).i32(c.contiguous() ? 1 : 0).ptr(err);
            ctx.launch1d("elementwise", "binary_" + Kernels.suffix(a.dtype()), n, args);
        }
        if (checked) {
            Kernels.checkErrors(ctx, (pos, v) -> {
                throw new ArithmeticException(op == BinaryOp.DIV ? "div: integer division by zero"
                        : "pow: integers to negative integer powers are not allowed");
            });
        }
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        Views.Coalesced c = Views.coalesce(out.shape(), strides(cond, a, b, out));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena)
                    .ptr(base(cond)).view(c.sizes(), c.strides()[0], cond.offset(), "where")
                    .ptr(base(a)).view(c.sizes(), c.strides()[1], a.offset(), "where")
                    .ptr(base(b)).view(c.sizes(), c.strides()[2], b.offset(), "where")
                    .ptr(base(out)).view(c.sizes(), c.strides()[3], out.offset(), "where").i32(n);
            context(out).launch1d("elementwise", "where_" + Kernels.sizeSuffix(out.dtype()), n, args);
        }
    }

    /**
     * Philox fill (see random.cu for the word mapping). F32 and F64 are filled directly; other
     * dtypes get the F64 values cast, exactly as the CPU's storage write casts them.
     */
    static void random(CudaBackend backend, Tensor out, boolean normal, long seed, long offset, double a, double b) {
        int n = out.numel();
        if (n == 0) return;
        DType t = out.dtype();
        if (t != DType.F32 && t != DType.F64) {
            Tensor tmp = Tensor.fromStorage(backend.allocate(out.device(), DType.F64, n), out.shape(),
                    contiguousStrides(out.shape()), 0);
            random(backend, tmp, normal, seed, offset, a, b);
            copy(tmp, out);
            return;
        }
        Views.Coalesced c = Views.coalesce(out.shape(), strides(out));
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(base(out)).view(c.sizes(), c.strides()[0], out.offset(), "random")
                    .i32(n).i32(normal ? 1 : 0).i64(seed).i64(offset).f64(a).f64(b);
            context(out).launch1d("random", "random_" + Kernels.suffix(t), n, args);
        }
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }
}
