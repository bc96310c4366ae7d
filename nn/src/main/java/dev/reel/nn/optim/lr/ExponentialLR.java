package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import java.util.List;

/**
 * Multiplies the rate by {@code gamma} every epoch, as {@code ExponentialLR}: lr = base·gamma^epoch.
 *
 * <pre>{@code
 * var sched = new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch == 0) return groupLrs();
        return groupLrs().stream().map(lr -> lr * gamma).toList();
    }

    @Override
    protected List<Double> closedFormLr() { return baseLrs.stream().map(b -> b * Math.pow(gamma, lastEpoch)).toList(); }
}
