package dev.reel.engine.autograd;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

/**
 * The per-thread autocast state that ops consult, as PyTorch's autocast dispatch key: while a
 * lower type (BF16 or F16) is set, the matrix-product ops (matmul, mm, bmm, linear, convolutions)
 * cast their floating inputs to it through {@link #lower}, and the ops on PyTorch's float32 list
 * (softmax, norms, losses, sum and mean) cast half inputs up to F32 through {@link #fp32}. Casts
 * are ordinary differentiable {@code to(dtype)} nodes, so the gradient of an F32 weight used in
 * BF16 arrives in F32.
 *
 * <p>The user-facing scope is {@code dev.reel.nn.amp.Autocast}; this class is what ops read.
 *
 * <pre>{@code
 * try (var s = AutocastMode.enable(DType.BF16)) {
 *     x.matmul(w);   // BF16 result from BF16 copies of x and w
 * }
 * }</pre>
 */
public final class AutocastMode {
    private AutocastMode() {}

    private static final ThreadLocal<DType> LOWER = new ThreadLocal<>();

    /** Restores the previous state when closed (scopes nest). */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** Sets this thread's lower type (BF16 or F16) until the scope closes. */
    public static Scope enable(DType lower) {
        if (lower == null || !lower.isHalf()) {
            throw new IllegalArgumentException("autocast: the lower precision type must be BF16 or F16, got " + lower);
        }
        return set(lower);
    }

    /** Turns autocast off on this thread until the scope closes (PyTorch's {@code enabled=False}). */
    public static Scope disable() { return set(null); }

    private static Scope set(DType lower) {
        DType previous = LOWER.get();
        LOWER.set(lower);
        return () -> LOWER.set(previous);
    }

    /** The lower type in force on this thread, or null when autocast is off. */
    public static DType lowerType() { return LOWER.get(); }

    /** Whether autocast is on for this thread. */
    public static boolean isEnabled() { return LOWER.get() != null; }

    /**
     * For a lower-precision op: t cast to the lower type when autocast is on and t is F32, F16 or
     * BF16 (PyTorch's eligible types: F64 and integer tensors pass unchanged); null stays null.
     */
    public static Tensor lower(Tensor t) {
        DType lower = LOWER.get();
        if (lower == null || t == null || t.dtype() == lower) return t;
        DType d = t.dtype();
        return d == DType.F32 || d.isHalf() ? t.to(lower) : t;
    }

    /** For an op on the float32 list: a half t cast to F32 when autocast is on. */
    public static Tensor fp32(Tensor t) {
        if (LOWER.get() == null || t == null || !t.dtype().isHalf()) return t;
        return t.to(DType.F32);
    }
}
