package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.ParamGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of the epoch-indexed learning-rate schedulers, as PyTorch's {@code LRScheduler}:
 * construction records each group's {@code initial_lr} and takes the initial step (epoch 0);
 * each {@link #step()} advances one epoch and writes the new rates into the optimizer.
 *
 * <p>Subclasses give the chainable form ({@link #computeLr}, from the groups' current rates, as
 * PyTorch's {@code get_lr}) and, where one exists, the closed form ({@link #closedFormLr}) that
 * {@link SequentialLR} uses when it restarts a scheduler at a milestone.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final List<Double> baseLrs = new ArrayList<>();
    protected int lastEpoch = -1;
    private List<Double> lastLr = List.of();

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        for (ParamGroup g : optimizer.paramGroups()) {
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs.add(g.getDouble("initial_lr"));
        }
    }

    /** The initial step; subclasses call it at the end of their constructor. */
    protected final void initialStep() { step(); }

    /** Advances one epoch. */
    public void step() {
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to {@code epoch}, using the closed form where there is one (as PyTorch's {@code step(epoch)}). */
    public void step(int epoch) {
        lastEpoch = epoch;
        List<Double> closed = closedFormLr();
        apply(closed != null ? closed : computeLr());
    }

    private void apply(List<Double> lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) groups.get(i).setLr(lrs.get(i));
        lastLr = List.copyOf(lrs);
    }

    /** The rates the last step set, one per group. */
    public List<Double> lastLr() { return lastLr; }

    public int lastEpoch() { return lastEpoch; }

    /** The rates for {@link #lastEpoch}, from the groups' current rates. */
    protected abstract List<Double> computeLr();

    /** The rates for {@link #lastEpoch} from the base rates alone, or null when the schedule has no closed form. */
    protected List<Double> closedFormLr() { return null; }

    /** Each group's current rate. */
    protected List<Double> groupLrs() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) out.add(g.lr());
        return out;
    }

    void undoStep() { lastEpoch--; }

    Optimizer optimizer() { return optimizer; }
}
