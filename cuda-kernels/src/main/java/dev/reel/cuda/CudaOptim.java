package dev.reel.cuda;

import dev.reel.cuda.internal.Args;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.lang.foreign.Arena;

import static dev.reel.cuda.Kernels.context;
import static dev.reel.cuda.Kernels.first;

/**
 * The fused optimizer steps on the GPU: the kernels of optim.cu, for contiguous F32/F64 tensors
 * sharing p's dtype ({@link #supports}); the backend sends anything else to the composite default.
 * The scalars are computed in double here, as the CPU backend computes them, and rounded to the
 * element type; a null state tensor (no momentum, no amsgrad) is passed as a null pointer.
 */
final class CudaOptim {
    private CudaOptim() {}

    /** True when every non-null tensor is contiguous and has p's dtype, F32 or F64. */
    static boolean supports(Tensor p, Tensor... others) {
        if (p.dtype() != DType.F32 && p.dtype() != DType.F64 || !p.isContiguous()) return false;
        for (Tensor t : others) {
            if (t != null && (t.dtype() != p.dtype() || !t.isContiguous())) return false;
        }
        return true;
    }

    private static long ptr(Tensor t) { return t == null ? 0 : first(t); }

    /** Appends a scalar in p's element type. */
    private static Args scalar(Args a, DType t, double v) { return t == DType.F32 ? a.f32((float) v) : a.f64(v); }

    static void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, double step) {
        int n = p.numel();
        if (n == 0) return;
        DType t = p.dtype();
        int mode = weightDecay == 0 ? 0 : decoupled ? 2 : 1;
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(ptr(p)).ptr(ptr(g)).ptr(ptr(m)).ptr(ptr(v)).ptr(ptr(vMax)).i32(n);
            scalar(a, t, beta1);
            scalar(a, t, 1 - beta1);
            scalar(a, t, beta2);
            scalar(a, t, 1 - beta2);
            scalar(a, t, eps);
            scalar(a, t, weightDecay);
            scalar(a, t, 1 - lr * weightDecay);
            scalar(a, t, Math.sqrt(1 - Math.pow(beta2, step)));
            scalar(a, t, -lr / (1 - Math.pow(beta1, step)));
            a.i32(mode);
            context(p).launch1d("optim", "adam_" + Kernels.suffix(t), n, a);
        }
    }

    static void sgd(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                    boolean nesterov, boolean firstStep) {
        int n = p.numel();
        if (n == 0) return;
        DType t = p.dtype();
        try (Arena arena = Arena.ofConfined()) {
            Args a = new Args(arena).ptr(ptr(p)).ptr(ptr(g)).ptr(ptr(buf)).i32(n);
            scalar(a, t, -lr);
            scalar(a, t, momentum);
            scalar(a, t, 1 - dampening);
            scalar(a, t, weightDecay);
            a.i32(nesterov ? 1 : 0).i32(firstStep ? 1 : 0);
            context(p).launch1d("optim", "sgd_" + Kernels.suffix(t), n, a);
        }
    }
}
