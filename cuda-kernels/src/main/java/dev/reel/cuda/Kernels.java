package dev.reel.cuda;

import dev.reel.cuda.internal.CudaContext;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

/** Small helpers shared by the kernel families: name suffixes, device pointers, error words. */
final class Kernels {
    private Kernels() {}

    /** The suffix of typed kernels: b8, u8, i32, i64, f32, f64, bf16, f16. */
    static String suffix(DType t) {
        return switch (t) {
            case BOOL -> "b8";
            case U8 -> "u8";
            case I32 -> "i32";
            case I64 -> "i64";
            case F32 -> "f32";
            case F64 -> "f64";
            case BF16 -> "bf16";
            case F16 -> "f16";
        };
    }

    /** The suffix of kernels that only move bytes: s1, s2, s4, s8. */
    static String sizeSuffix(DType t) {
        return "s" + t.itemSize();
    }

    static CudaStorage storage(Tensor t) {
        return (CudaStorage) t.storage();
    }

    static CudaContext context(Tensor t) {
        return storage(t).context();
    }

    /** The storage's base pointer (views add their element offset through a View struct). */
    static long base(Tensor t) {
        return storage(t).address();
    }

    /** The pointer of the tensor's first element (for kernels that take contiguous data). */
    static long first(Tensor t) {
        return base(t) + (long) t.offset() * t.dtype().itemSize();
    }

    /** How an op words its error for element {@code position} with value {@code value}. */
    interface ErrorReport {
        void fail(long position, long value);
    }

    /** Reads the error word after a launch and throws through {@code report} when it is set. */
    static void checkErrors(CudaContext ctx, ErrorReport report) {
        long[] e = ctx.readErrorWord();
        if (e[0] != 0) report.fail(e[0] - 1, e[1]);
    }
}
