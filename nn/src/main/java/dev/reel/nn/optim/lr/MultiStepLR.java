package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import java.util.Arrays;
import java.util.List;

/**
 * Multiplies the rate by {@code gamma} at each milestone epoch, as {@code MultiStepLR}.
 *
 * <pre>{@code
 * var sched = new MultiStepLR(opt, new int[] {30, 80}, 0.1);
 * }</pre>
 */
public class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    private int count(int epoch, boolean atMost) {
        int n = 0;
        for (int m : milestones) if (atMost ? m <= epoch : m == epoch) n++;
        return n;
    }

    @Override
    protected List<Double> computeLr() {
        int hits = count(lastEpoch, false);
        if (hits == 0) return groupLrs();
        return groupLrs().stream().map(lr -> lr * Math.pow(gamma, hits)).toList();
    }

    @Override
    protected List<Double> closedFormLr() {
        int passed = count(lastEpoch, true);
        return baseLrs.stream().map(b -> b * Math.pow(gamma, passed)).toList();
    }
}
