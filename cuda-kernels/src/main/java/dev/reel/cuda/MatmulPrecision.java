package dev.reel.cuda;

import java.util.Locale;

/**
 * How F32 matmuls and convolutions run on the GPU, as PyTorch's
 * {@code torch.set_float32_matmul_precision}: {@link #HIGHEST} multiplies in F32 on the CUDA cores,
 * {@link #HIGH} rounds the inputs to TF32 (10-bit mantissa) for the tensor cores, {@link #MEDIUM}
 * rounds them to BF16 (7-bit mantissa). Products are summed in F32 in every case; F64 is never
 * affected.
 *
 * <p>The default comes from {@code -Dreel.cuda.matmulPrecision=highest|high|medium}, or HIGH when
 * {@code -Dreel.cuda.tf32=true}; a scope overrides it on the current thread:
 *
 * <pre>{@code
 * try (var p = MatmulPrecision.MEDIUM.use()) {
 *     Tensor y = x.matmul(w);   // BF16 tensor cores, F32 sums
 * }
 * }</pre>
 */
public enum MatmulPrecision {
    /** F32 inputs and F32 fused multiply-adds (the default). */
    HIGHEST,
    /** Inputs rounded to TF32 on tensor cores, F32 sums. */
    HIGH,
    /** Inputs rounded to BF16 on tensor cores, F32 sums. */
    MEDIUM;

    private static final MatmulPrecision DEFAULT = fromProperties();
    private static final ThreadLocal<MatmulPrecision> CURRENT = ThreadLocal.withInitial(() -> DEFAULT);

    private static MatmulPrecision fromProperties() {
        String p = System.getProperty("reel.cuda.matmulPrecision");
        if (p != null) return parse(p);
        return Boolean.getBoolean("reel.cuda.tf32") ? HIGH : HIGHEST;
    }

    /** "highest", "high" or "medium" (any case), PyTorch's names. */
    public static MatmulPrecision parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reel.cuda.matmulPrecision: expected highest, high or medium, got '" + name + "'");
        }
    }

    /** The precision of F32 matmuls started on this thread now. */
    public static MatmulPrecision current() { return CURRENT.get(); }

    /** Sets this thread's precision until the returned scope closes (scopes nest). */
    public Scope use() {
        MatmulPrecision previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** Restores the precision that was current before {@link #use()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** The gemm.cu kernel for F32 operands. */
    String kernel() {
        return switch (this) {
            case HIGHEST -> "sgemm_tiled";
            case HIGH -> "sgemm_tf32";
            case MEDIUM -> "sgemm_bf16";
        };
    }
}
