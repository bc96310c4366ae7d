package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.engine.Tensor;

import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/**
 * The fused LSTM and GRU cell steps of rnn.cu (the equations are at the top of that file; the CPU's
 * {@code CpuRnn} is the specification). Operands are passed in place with their strides, so the
 * row-strided views of the recurrent layers need no copies; outputs are fresh and contiguous.
 */
final class CudaRnn {
    private CudaRnn() {}

    /** A 2-D operand: its first element's pointer, then the Mat2 struct (row, column strides). */
    private static Args mat(Args a, Tensor t) {
        return a.ptr(first(t)).longs(t.stride(0), t.stride(1));
    }

    /** A 1-D bias: pointer (0 for none) and stride. */
    private static Args bias(Args a, Tensor b) {
        return b == null ? a.ptr(0).i64(0) : a.ptr(first(b)).i64(b.stride(0));
    }

    private static void requireFloat(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": not defined for " + t.dtype().torchName() + " (use a float dtype)");
        }
    }

    static void lstmForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts) {
        requireFloat("lstm_cell", gi);
        int b = c.size(0), h = c.size(1);
        if (b == 0 || h == 0) return;
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena);
            mat(args, gi);
            mat(args, gh);
            bias(args, bIh);
            bias(args, bHh);
            mat(args, c);
            args.ptr(first(hc)).ptr(first(acts)).i32(b).i32(h);
            context(hc).launch1d("rnn", "lstm_forward_" + Kernels.suffix(gi.dtype()), (long) b * h, args);
        }
    }

    static void lstmBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        requireFloat("lstm_cell backward", acts);
        int b = c.size(0), h = c.size(1);
        if (b == 0 || h == 0) return;
        Tensor a = acts.contiguous();
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(a));
            mat(args, c);
            mat(args, hc);
            mat(args, dhc);
            args.ptr(first(dGates)).ptr(first(dc)).i32(b).i32(h);
            context(dc).launch1d("rnn", "lstm_backward_" + Kernels.suffix(acts.dtype()), (long) b * h, args);
        }
    }

    static void gruForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor hPrev, Tensor out, Tensor acts) {
        requireFloat("gru_cell", gi);
        int b = hPrev.size(0), h = hPrev.size(1);
        if (b == 0 || h == 0) return;
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena);
            mat(args, gi);
            mat(args, gh);
            bias(args, bIh);
            bias(args, bHh);
            mat(args, hPrev);
            args.ptr(first(out)).ptr(first(acts)).i32(b).i32(h);
            context(out).launch1d("rnn", "gru_forward_" + Kernels.suffix(gi.dtype()), (long) b * h, args);
        }
    }

    static void gruBackward(Tensor acts, Tensor hPrev, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        requireFloat("gru_cell backward", acts);
        int b = hPrev.size(0), h = hPrev.size(1);
        if (b == 0 || h == 0) return;
        Tensor a = acts.contiguous();
        try (Arena arena = Arena.ofConfined()) {
            Args args = new Args(arena).ptr(first(a));
            mat(args, hPrev);
            mat(args, dOut);
            args.ptr(first(dGi)).ptr(first(dGh)).ptr(first(dh)).i32(b).i32(h);
            context(dh).launch1d("rnn", "gru_backward_" + Kernels.suffix(acts.dtype()), (long) b * h, args);
        }
    }
}
