package dev.reel.engine.ops;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The fused optimizer updates behind {@code Backend.adamStep} and {@code Backend.sgdStep}: the
 * entry points (argument checks, then one backend call, then the version counters of the written
 * tensors) and the composite reference formulas the backends default to. Everything runs outside
 * the graph and in place, as the optimizers of {@code torch.optim} do.
 *
 * <pre>
 *   Adam:   g = grad + wd·p  (AdamW instead: p = p·(1 - lr·wd), g = grad)
 *           m = β1·m + (1-β1)·g      v = β2·v + (1-β2)·g²      (amsgrad: vMax = max(vMax, v), used for v)
 *           p = p - lr/(1-β1^t) · m / (√v / √(1-β2^t) + eps)
 *   SGD:    d = grad + wd·p
 *           buf = d on the first step, else momentum·buf + (1-dampening)·d
 *           d = d + momentum·buf (nesterov) or buf (momentum ≠ 0)
 *           p = p - lr·d
 * </pre>
 *
 * <pre>{@code
 * OptimOps.adamStep(p, p.grad(), m, v, null, 1e-3, 0.9, 0.999, 1e-8, 0, false, step);
 * }</pre>
 */
public final class OptimOps {
    private OptimOps() {}

    /** One Adam/AdamW step in place on p, m, v and vMax (null unless amsgrad); step is t ≥ 1. */
    public static void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                                double eps, double weightDecay, boolean decoupled, double step) {
        String op = decoupled ? "adamw_step" : "adam_step";
        check(op, p, "grad", g);
        check(op, p, "exp_avg", m);
        check(op, p, "exp_avg_sq", v);
        if (vMax != null) check(op, p, "max_exp_avg_sq", vMax);
        if (!(step >= 1)) throw new IllegalArgumentException(op + ": step must be at least 1, got " + step);
        try (var off = Grad.off()) {
            p.backend().adamStep(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
        }
        p.markModified();
        m.markModified();
        v.markModified();
        if (vMax != null) vMax.markModified();
    }

    /** One SGD step in place on p and buf (null exactly when momentum is 0). */
    public static void sgdStep(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                               boolean nesterov, boolean firstStep) {
        check("sgd_step", p, "grad", g);
        if ((momentum != 0) != (buf != null)) {
            throw new IllegalArgumentException("sgd_step: a momentum buffer is needed exactly when momentum is non-zero (momentum "
                    + momentum + ", buffer " + (buf == null ? "missing" : "given") + ")");
        }
        if (buf != null) check("sgd_step", p, "momentum_buffer", buf);
        try (var off = Grad.off()) {
            p.backend().sgdStep(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        }
        p.markModified();
        if (buf != null) buf.markModified();
    }

    private static void check(String op, Tensor p, String name, Tensor t) {
        if (!p.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": parameter must be a floating type, got " + p.dtype());
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is missing");
        if (t.dtype() != p.dtype()) throw new IllegalArgumentException(op + ": " + name + " is " + t.dtype() + ", parameter is " + p.dtype());
        if (!t.device().equals(p.device())) {
            throw new IllegalArgumentException(op + ": " + name + " is on " + t.device() + ", parameter on " + p.device());
        }
        if (!Arrays.equals(t.shape(), p.shape())) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + Arrays.toString(t.shape())
                    + ", parameter " + Arrays.toString(p.shape()));
        }
    }

    /** Adam with the composite tensor ops (the backends' default and the fused kernels' reference); call with grad off. */
    public static void adamStepReference(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                                         double eps, double weightDecay, boolean decoupled, double step) {
        if (weightDecay != 0) {
            if (decoupled) p.mul_(1 - lr * weightDecay);
            else g = g.add(p, weightDecay);
        }
        m.mul_(beta1).addScaled_(g, 1 - beta1);
        v.mul_(beta2).addScaled_(g.mul(g), 1 - beta2);
        double bc1 = 1 - Math.pow(beta1, step), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        Tensor second = v;
        if (vMax != null) {
            vMax.copy_(vMax.maximum(v));
            second = vMax;
        }
        Tensor denom = second.sqrt().div(bc2Sqrt).add(eps);
        p.addScaled_(m.div(denom), -lr / bc1);
    }

    /** SGD with the composite tensor ops (the backends' default and the fused kernels' reference); call with grad off. */
    public static void sgdStepReference(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening,
                                        double weightDecay, boolean nesterov, boolean firstStep) {
        Tensor d = weightDecay != 0 ? g.add(p, weightDecay) : g;
        if (momentum != 0) {
            if (firstStep) buf.copy_(d);
            else buf.mul_(momentum).addScaled_(d, 1 - dampening);
            d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.addScaled_(d, -lr);
    }
}
