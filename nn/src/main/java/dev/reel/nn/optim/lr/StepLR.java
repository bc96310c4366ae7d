package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import java.util.List;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} epochs, as {@code StepLR}:
 * lr = base·gamma^⌊epoch / stepSize⌋.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * }</pre>
 */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("StepLR: step_size must be > 0, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return groupLrs();
        return groupLrs().stream().map(lr -> lr * gamma).toList();
    }

    @Override
    protected List<Double> closedFormLr() {
        return baseLrs.stream().map(b -> b * Math.pow(gamma, lastEpoch / stepSize)).toList();
    }
}
