package dev.reel.engine;

import dev.reel.engine.autograd.GradMode;

/**
 * Turns graph recording off (or on) for a block, as {@code torch.no_grad()}:
 *
 * <pre>{@code
 * try (var g = Grad.off()) {
 *     Tensor y = model(x);    // no graph, no saved tensors
 * }
 * }</pre>
 */
public final class Grad implements AutoCloseable {
    private final boolean previousEnabled;
    private final boolean previousInference;

    private Grad(boolean enabled, boolean inference) {
        previousEnabled = GradMode.isEnabled();
        previousInference = GradMode.isInference();
        GradMode.setEnabled(enabled);
        GradMode.setInference(inference);
    }

    /** No graph recording until closed. */
    public static Grad off() { return new Grad(false, GradMode.isInference()); }

    /** Graph recording on until closed (as {@code torch.enable_grad()}). */
    public static Grad on() { return new Grad(true, false); }

    /**
     * Inference mode (as {@code torch.inference_mode()}): no graph, and tensors made inside can
     * never be saved for backward later.
     */
    public static Grad inferenceMode() { return new Grad(false, true); }

    /** True when ops record the graph on this thread. */
    public static boolean isEnabled() { return GradMode.isEnabled(); }

    @Override
    public void close() {
        GradMode.setEnabled(previousEnabled);
        GradMode.setInference(previousInference);
    }
}
