package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.OptimOps;
import java.util.List;
import java.util.Map;

/**
 * Adam, as {@code torch.optim.Adam} (with L2 weight decay added to the gradient, and AMSGrad):
 * <pre>
 *   g = grad + weightDecay·p
 *   m = β1·m + (1 - β1)·g,   v = β2·v + (1 - β2)·g²   (v_max = max(v_max, v) with amsgrad)
 *   p = p - lr / (1 - β1^t) · m / (√v / √(1 - β2^t) + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(1e-3).betas(0.9, 0.999));
 * }</pre>
 */
public class Adam extends Optimizer {
    /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, amsgrad off. */
    public static class Options extends OptimizerOptions {
        public Options() { this(0.0); }

        protected Options(double weightDecay) {
            put("lr", 1e-3);
            put("betas", new double[] {0.9, 0.999});
            put("eps", 1e-8);
            put("weight_decay", weightDecay);
            put("amsgrad", false);
        }

        public Options lr(double v) { put("lr", checkNonNegative("Adam", "learning rate", v)); return this; }

        public Options betas(double beta1, double beta2) {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: invalid betas (" + beta1 + ", " + beta2 + "): each must be in [0, 1)");
            }
            put("betas", new double[] {beta1, beta2});
            return this;
        }

        public Options eps(double v) { put("eps", checkNonNegative("Adam", "epsilon value", v)); return this; }

        public Options weightDecay(double v) { put("weight_decay", checkNonNegative("Adam", "weight_decay value", v)); return this; }

        public Options amsgrad(boolean v) { put("amsgrad", v); return this; }
    }

    public Adam(List<Tensor> params, Options options) { this("Adam", single(params), options); }

    protected Adam(String name, List<ParamGroup> groups, Options options) { super(name, groups, options); }

    /** Parameter groups with their own options. */
    public static Adam ofGroups(List<ParamGroup> groups, Options options) { return new Adam("Adam", groups, options); }

    /** AdamW decays the weights directly; Adam adds the decay to the gradient. */
    protected boolean decoupledWeightDecay() { return false; }

    /** One fused pass over p, its gradient and the state ({@link OptimOps#adamStep}). */
    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        double step = nextStep(state);
        Tensor m = buffer(state, "exp_avg", p), v = buffer(state, "exp_avg_sq", p);
        Tensor vMax = group.getBoolean("amsgrad") ? buffer(state, "max_exp_avg_sq", p) : null;
        OptimOps.adamStep(p, grad, m, v, vMax, group.lr(), betas[0], betas[1], group.getDouble("eps"), group.getDouble("weight_decay"),
                decoupledWeightDecay(), step);
    }
}
