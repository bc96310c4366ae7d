package dev.reel.nn.amp;

import dev.reel.engine.DType;
import dev.reel.engine.autograd.AutocastMode;

/**
 * Mixed-precision autocast, as {@code torch.autocast(device_type, dtype=torch.bfloat16)}: a
 * try-with-resources scope, per thread, inside which
 *
 * <ul>
 *   <li>matmul, mm, bmm, linear and the convolutions (conv1d/2d/3d and the transposed ones, and so
 *       the gate GEMMs of LSTM/GRU and the projections of attention) cast their F32 inputs, weights
 *       and biases to BF16 (or F16 when asked), multiply with F32 sums and return the lower type,
 *       as PyTorch's CPU autocast returns bfloat16 from linear;</li>
 *   <li>softmax, log-softmax, the norms (layer, batch, group), the losses and the reductions (sum,
 *       mean, prod, var, norm, logsumexp, cumsum) cast half inputs up and run in F32 (PyTorch's
 *       float32 list), as do the LSTM/GRU cells' pointwise math and state;</li>
 *   <li>every other op runs in the type of its inputs (BF16 in, BF16 out, computed in F32).</li>
 * </ul>
 *
 * <p>The casts are ordinary differentiable nodes: the weights stay F32 (the master copy the
 * optimizer updates) and their gradients arrive in F32. BF16 has F32's exponent range, so it needs
 * no loss scaling; F16 does: pair it with {@link GradScaler}.
 *
 * <pre>{@code
 * try (var ac = Autocast.bf16()) {
 *     Tensor out = model.call(x);          // BF16
 *     loss = F.crossEntropy(out, target);  // F32
 * }
 * loss.backward();                         // F32 gradients in the F32 parameters
 * optimizer.step();
 * }</pre>
 */
public final class Autocast implements AutoCloseable {
    private final AutocastMode.Scope scope;

    private Autocast(AutocastMode.Scope scope) {
        this.scope = scope;
    }

    /** Autocast to {@code lower} (BF16 or F16) on this thread until closed. */
    public static Autocast enable(DType lower) { return new Autocast(AutocastMode.enable(lower)); }

    /** Autocast to BF16: {@code torch.autocast(device_type, dtype=torch.bfloat16)}. */
    public static Autocast bf16() { return enable(DType.BF16); }

    /** Autocast to F16: {@code torch.autocast(device_type, dtype=torch.float16)}; use a {@link GradScaler}. */
    public static Autocast f16() { return enable(DType.F16); }

    /** No autocast on this thread until closed, inside an outer scope ({@code enabled=False}). */
    public static Autocast disabled() { return new Autocast(AutocastMode.disable()); }

    /** Whether autocast is on for this thread. */
    public static boolean isEnabled() { return AutocastMode.isEnabled(); }

    /** The lower type in force on this thread, or null. */
    public static DType dtype() { return AutocastMode.lowerType(); }

    /**
     * The autocast type named by a command-line or config value: "bf16"/"bfloat16" or
     * "f16"/"fp16"/"float16"/"half" (any case).
     */
    public static DType parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "fp16", "float16", "half" -> DType.F16;
            default -> throw new IllegalArgumentException("autocast: expected bf16 or f16, got '" + name + "'");
        };
    }

    /** Restores the autocast state from before this scope. */
    @Override
    public void close() { scope.close(); }
}
