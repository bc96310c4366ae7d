package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import java.util.List;

/**
 * Scales the rate linearly from {@code startFactor} to {@code endFactor} over {@code totalIters}
 * epochs, then keeps it, as {@code LinearLR} (a warm-up when startFactor &lt; 1).
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * }</pre>
 */
public class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: 1/3, 1.0, 5. */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: start_factor must be in (0, 1] and end_factor in [0, 1], got " + startFactor
                    + " and " + endFactor);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch == 0) return groupLrs().stream().map(lr -> lr * startFactor).toList();
        if (lastEpoch > totalIters) return groupLrs();
        double ratio = 1 + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        return groupLrs().stream().map(lr -> lr * ratio).toList();
    }

    @Override
    protected List<Double> closedFormLr() {
        double f = startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters;
        return baseLrs.stream().map(b -> b * f).toList();
    }
}
