package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, as {@code torch.optim.Adagrad}:
 * <pre>
 *   g = grad + weightDecay·p,   clr = lr / (1 + (t - 1)·lrDecay)
 *   s = s + g²  (s starts at initialAccumulatorValue),   p = p - clr·g / (√s + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), new Adagrad.Options().lr(0.1));
 * }</pre>
 */
public class Adagrad extends Optimizer {
    /** Defaults: lr 0.01, lr decay 0, weight decay 0, initial accumulator 0, eps 1e-10. */
    public static final class Options extends OptimizerOptions {
        public Options() {
            put("lr", 0.01);
            put("lr_decay", 0.0);
            put("weight_decay", 0.0);
            put("initial_accumulator_value", 0.0);
            put("eps", 1e-10);
        }

        public Options lr(double v) { put("lr", checkNonNegative("Adagrad", "learning rate", v)); return this; }

        public Options lrDecay(double v) { put("lr_decay", checkNonNegative("Adagrad", "lr_decay value", v)); return this; }

        public Options weightDecay(double v) { put("weight_decay", checkNonNegative("Adagrad", "weight_decay value", v)); return this; }

        public Options initialAccumulatorValue(double v) {
            put("initial_accumulator_value", checkNonNegative("Adagrad", "initial_accumulator_value", v));
            return this;
        }

        public Options eps(double v) { put("eps", checkNonNegative("Adagrad", "epsilon value", v)); return this; }
    }

    public Adagrad(List<Tensor> params, Options options) { this(single(params), options, true); }

    private Adagrad(List<ParamGroup> groups, Options options, boolean groupsMarker) {
        super("Adagrad", groups, options);
    }

    public static Adagrad ofGroups(List<ParamGroup> groups, Options options) { return new Adagrad(groups, options, true); }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Object> state) {
        double lr = group.lr(), lrDecay = group.getDouble("lr_decay"), wd = group.getDouble("weight_decay"), eps = group.getDouble("eps");
        double step = nextStep(state);
        Tensor sum = (Tensor) state.computeIfAbsent("sum", k -> p.fullLike(group.getDouble("initial_accumulator_value")));
        Tensor g = wd != 0 ? grad.add(p, wd) : grad;
        double clr = lr / (1 + (step - 1) * lrDecay);
        sum.add_(g.mul(g));
        p.addScaled_(g.div(sum.sqrt().add(eps)), -clr);
    }
}
