package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.OptimOps;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, as
 * {@code torch.optim.SGD}:
 * <pre>
 *   g = grad + weightDecay·p
 *   b = g on the first step, else momentum·b + (1 - dampening)·g
 *   g = g + momentum·b (nesterov) or b (momentum ≠ 0)
 *   p = p - lr·g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), new SGD.Options().lr(0.1).momentum(0.9).nesterov(true));
 * }</pre>
 */
public class SGD extends Optimizer {
    /** Defaults: lr 1e-3 (PyTorch requires it; we pick its later default), momentum 0, dampening 0, weight decay 0, nesterov off. */
    public static final class Options extends OptimizerOptions {
        public Options() {
            put("lr", 1e-3);
            put("momentum", 0.0);
            put("dampening", 0.0);
            put("weight_decay", 0.0);
            put("nesterov", false);
        }

        public Options lr(double v) { put("lr", checkNonNegative("SGD", "learning rate", v)); return this; }

        public Options momentum(double v) { put("momentum", checkNonNegative("SGD", "momentum value", v)); return this; }

        public Options dampening(double v) { put("dampening", v); return this; }

        public Options weightDecay(double v) { put("weight_decay", checkNonNegative("SGD", "weight_decay value", v)); return this; }

        public Options nesterov(boolean v) { put("nesterov", v); return this; }
    }

    public SGD(List<Tensor> params, Options options) { this(single(params), options, true); }

    private SGD(List<ParamGroup> groups, Options options, boolean groupsMarker) {
        super("SGD", groups, options);
        for (ParamGroup g : paramGroups()) {
            if (g.getBoolean("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
            }
        }
    }

    /** Parameter groups with their own options. */
    public static SGD ofGroups(List<ParamGroup> groups, Options options) { return new SGD(groups, options, true); }

    /** One fused pass over p, its gradient and the momentum buffer ({@link OptimOps#sgdStep}). */
    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Object> state) {
        double momentum = group.getDouble("momentum");
        Tensor buf = null;
        boolean first = false;
        if (momentum != 0) {
            first = !state.containsKey("momentum_buffer");
            buf = buffer(state, "momentum_buffer", p);
        }
        OptimOps.sgdStep(p, grad, buf, group.lr(), momentum, group.getDouble("dampening"), group.getDouble("weight_decay"),
                group.getBoolean("nesterov"), first);
    }
}
