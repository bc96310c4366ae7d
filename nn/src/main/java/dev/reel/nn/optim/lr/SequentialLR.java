package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.ParamGroup;
import java.util.List;

/**
 * Runs schedulers one after another, switching at the milestone epochs, as {@code SequentialLR}:
 * at a milestone the next scheduler restarts from epoch 0 (its closed form, from the base rates).
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 4);
 * var decay = new ExponentialLR(opt, 0.9);
 * var sched = new SequentialLR(opt, List.of(warmup, decay), new int[] {4});
 * }</pre>
 */
public class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expects one milestone fewer than schedulers, got " + schedulers.size()
                    + " schedulers and " + milestones.length + " milestones");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: scheduler " + i + " belongs to another optimizer");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        lastEpoch = 0;
        // undo the initial steps the schedulers took when built, and start the first one afresh
        for (ParamGroup g : optimizer.paramGroups()) g.setLr(g.getDouble("initial_lr"));
        for (LRScheduler s : schedulers) s.undoStep();
        schedulers.get(0).step();
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) idx++;
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.step(0);
        else s.step();
    }

    @Override
    public List<Double> lastLr() { return groupLrs(); }

    @Override
    protected List<Double> computeLr() { return groupLrs(); }
}
