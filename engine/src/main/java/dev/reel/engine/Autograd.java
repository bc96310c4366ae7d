package dev.reel.engine;

import dev.reel.engine.autograd.Engine;
import dev.reel.engine.autograd.GradMode;

/**
 * Functional autograd (as {@code torch.autograd}): gradients of outputs with respect to chosen
 * inputs, and anomaly detection.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).requiresGrad_(true);
 * Tensor y = x.pow(3).sum();
 * Tensor dx = Autograd.grad(y, x, true)[0];       // 3x², with a graph
 * Tensor ddx = Autograd.grad(dx.sum(), x)[0];     // 6x
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /** d(output)/d(inputs) for a scalar output, without a graph of the backward pass. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, false, false, false);
    }

    /** As {@link #grad(Tensor, Tensor...)}; {@code createGraph} makes the result differentiable. */
    public static Tensor[] grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(new Tensor[] {output}, new Tensor[] {input}, null, createGraph, createGraph, false);
    }

    /**
     * The general form: {@code gradOutputs} (null for ones on scalar outputs) weight each output;
     * unused inputs give null when {@code allowUnused}, else an error.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        Tensor[] gs = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            if (gradOutputs != null && gradOutputs[i] != null) {
                gs[i] = gradOutputs[i];
            } else {
                if (outputs[i].numel() != 1) {
                    throw new IllegalArgumentException("Autograd.grad: grad can be implicitly created only for scalar outputs, output "
                            + i + " has shape " + java.util.Arrays.toString(outputs[i].shape()));
                }
                gs[i] = outputs[i].onesLike();
            }
        }
        return Engine.run(outputs, gs, retainGraph || createGraph, createGraph, inputs, allowUnused);
    }

    /** Anomaly detection for a block (as {@code torch.autograd.detect_anomaly()}). */
    public static AutoCloseable detectAnomaly() {
        boolean previous = GradMode.isAnomalyEnabled();
        GradMode.setAnomalyEnabled(true);
        return () -> GradMode.setAnomalyEnabled(previous);
    }

    public static void setDetectAnomaly(boolean on) { GradMode.setAnomalyEnabled(on); }
}
