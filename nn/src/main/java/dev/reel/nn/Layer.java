package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A module that maps one tensor to one tensor: what {@link Sequential} chains and
 * {@link TimeDistributed} applies per frame. Subclasses write {@link #forward}; callers use
 * {@link #call}, which also runs the forward hooks (as calling a PyTorch module runs
 * {@code forward} and its hooks).
 *
 * <pre>{@code
 * Layer relu = new ReLU();
 * try (var h = relu.registerForwardHook((m, in, out) -> { System.out.println(out.shape()); return null; })) {
 *     relu.call(x);
 * }
 * }</pre>
 */
public abstract class Layer extends Module {
    private final List<ForwardPreHook> preHooks = new ArrayList<>();
    private final List<ForwardHook> hooks = new ArrayList<>();

    /** The computation: one input, one output. */
    public abstract Tensor forward(Tensor input);

    /** Runs the pre-hooks, {@link #forward} and the forward hooks. */
    public final Tensor call(Tensor input) {
        for (ForwardPreHook h : List.copyOf(preHooks)) {
            Tensor replaced = h.apply(this, input);
            if (replaced != null) input = replaced;
        }
        Tensor out = forward(input);
        for (ForwardHook h : List.copyOf(hooks)) {
            Tensor replaced = h.apply(this, input, out);
            if (replaced != null) out = replaced;
        }
        return out;
    }

    /** Called before forward with the input; may return a replacement input, or null to keep it. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor apply(Layer module, Tensor input);
    }

    /** Called after forward with input and output; may return a replacement output, or null to keep it. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Layer module, Tensor input, Tensor output);
    }

    /** Removes its hook when closed (as PyTorch's {@code RemovableHandle.remove()}). */
    public interface HookHandle extends AutoCloseable {
        void remove();

        @Override
        default void close() { remove(); }
    }

    public HookHandle registerForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    public HookHandle registerForwardPreHook(ForwardPreHook hook) {
        preHooks.add(hook);
        return () -> preHooks.remove(hook);
    }
}
