package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, as {@code torch.optim.RMSprop} (optionally centered, with momentum):
 * <pre>
 *   g = grad + weightDecay·p
 *   s = α·s + (1 - α)·g²;   centered: a = α·a + (1 - α)·g, d = √(s - a²) + eps; else d = √s + eps
 *   momentum: b = momentum·b + g / d, p = p - lr·b;   else p = p - lr·g / d
 * </pre>
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), new RMSprop.Options().lr(0.01).alpha(0.9));
 * }</pre>
 */
public class RMSprop extends Optimizer {
    /** Defaults: lr 0.01, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, centered off. */
    public static final class Options extends OptimizerOptions {
        public Options() {
            put("lr", 0.01);
            put("alpha", 0.99);
            put("eps", 1e-8);
            put("weight_decay", 0.0);
            put("momentum", 0.0);
            put("centered", false);
        }

        public Options lr(double v) { put("lr", checkNonNegative("RMSprop", "learning rate", v)); return this; }

        public Options alpha(double v) { put("alpha", checkNonNegative("RMSprop", "alpha value", v)); return this; }

        public Options eps(double v) { put("eps", checkNonNegative("RMSprop", "epsilon value", v)); return this; }

        public Options weightDecay(double v) { put("weight_decay", checkNonNegative("RMSprop", "weight_decay value", v)); return this; }

        public Options momentum(double v) { put("momentum", checkNonNegative("RMSprop", "momentum value", v)); return this; }

        public Options centered(boolean v) { put("centered", v); return this; }
    }

    public RMSprop(List<Tensor> params, Options options) { super("RMSprop", single(params), options); }

    private RMSprop(List<ParamGroup> groups, Options options, boolean groupsMarker) { super("RMSprop", groups, options); }

    public static RMSprop ofGroups(List<ParamGroup> groups, Options options) { return new RMSprop(groups, options, true); }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Object> state) {
        double lr = group.lr(), alpha = group.getDouble("alpha"), eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay"), momentum = group.getDouble("momentum");
        nextStep(state);
        Tensor g = wd != 0 ? grad.add(p, wd) : grad;
        Tensor s = buffer(state, "square_avg", p);
        s.mul_(alpha).addScaled_(g.mul(g), 1 - alpha);
        Tensor avg;
        if (group.getBoolean("centered")) {
            Tensor a = buffer(state, "grad_avg", p);
            a.mul_(alpha).addScaled_(g, 1 - alpha);
            avg = s.sub(a.mul(a)).sqrt();
        } else {
            avg = s.sqrt();
        }
        avg = avg.add(eps);
        if (momentum > 0) {
            Tensor b = buffer(state, "momentum_buffer", p);
            b.mul_(momentum).add_(g.div(avg));
            p.addScaled_(b, -lr);
        } else {
            p.addScaled_(g.div(avg), -lr);
        }
    }
}
