package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.BackwardFn;
import dev.reel.engine.autograd.GradMode;
import dev.reel.engine.autograd.Node;

/**
 * Records an op in the autograd graph: the one call every differentiable op makes after computing
 * its output.
 *
 * <pre>{@code
 * Tensor out = ...kernel...;
 * return Graph.record("MulBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b},
 *         (g, s) -> new Tensor[] {g.mul(s[1]), g.mul(s[0])});
 * }</pre>
 */
public final class Graph {
    private Graph() {}

    /** True when an op with these inputs must record a node. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Attaches a node computing {@code fn} to {@code out} when grad mode is on and an input
     * requires grad; returns {@code out}. In anomaly mode, checks out for NaN/Inf first.
     */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, BackwardFn fn) {
        // forward checks run while recording; inside a backward pass the engine names the backward node instead
        if (GradMode.isAnomalyEnabled() && GradMode.isEnabled() && out.dtype().isFloatingPoint()) checkFinite(name, out, inputs);
        if (!needsGrad(inputs)) return out;
        out.setGradFn(new Node(name, inputs, saved, fn));
        return out;
    }

    private static void checkFinite(String name, Tensor out, Tensor[] inputs) {
        boolean finite;
        try (var g = dev.reel.engine.Grad.off()) {
            finite = out.isFinite().all().itemBoolean();
            if (!finite) {
                for (Tensor in : inputs) {
                    if (in != null && in.dtype().isFloatingPoint() && !in.isFinite().all().itemBoolean()) return; // NaN came in
                }
            }
        }
        if (!finite) {
            String op = name.endsWith("Backward0") ? name.substring(0, name.length() - 9) : name;
            throw new IllegalStateException("anomaly: forward of '" + op + "' produced nan or inf values from finite inputs",
                    new Throwable("'" + op + "' was called here"));
        }
    }
}
