package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs, as
 * {@code CosineAnnealingLR}: lr = etaMin + (base - etaMin)·(1 + cos(π·epoch / tMax)) / 2, computed
 * recursively from the current rate as PyTorch does (so changes made by others are kept).
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 100, 1e-5);
 * }</pre>
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be > 0, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        List<Double> cur = groupLrs();
        if (lastEpoch == 0) return cur;
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < cur.size(); i++) {
            double lr = cur.get(i), base = baseLrs.get(i);
            if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                out.add(lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
            } else {
                out.add((1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin);
            }
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        return baseLrs.stream().map(b -> etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2).toList();
    }
}
