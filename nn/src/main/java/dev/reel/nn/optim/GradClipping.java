package dev.reel.nn.optim;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}; both
 * change the gradients in place and skip parameters without one.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClipping.clipGradNorm(model.parameters(), 1.0, 2.0);
 * opt.step();
 * }</pre>
 */
public final class GradClipping {
    private GradClipping() {}

    /**
     * Scales all gradients together so that their joint p-norm (the norm of the per-parameter norms;
     * p may be infinite) is at most {@code maxNorm}: by maxNorm / (norm + 1e-6) when that is below 1.
     * Returns the norm before clipping.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) if (p.grad() != null) grads.add(p.grad().detach());
        if (grads.isEmpty()) return 0;
        try (var off = Grad.off()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor g : grads) norms.add(g.norm(normType));
            Tensor total = Tensor.stack(norms, 0).norm(normType);
            double coef = maxNorm / (total.item() + 1e-6);
            if (coef < 1) for (Tensor g : grads) g.mul_(total.newScalar(maxNorm).div(total.add(1e-6)));
            return total.item();
        }
    }

    /** Clamps every gradient element into [-clipValue, clipValue]. */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clip_value must be >= 0, got " + clipValue);
        try (var off = Grad.off()) {
            for (Tensor p : params) if (p.grad() != null) p.grad().detach().clamp_(-clipValue, clipValue);
        }
    }
}
