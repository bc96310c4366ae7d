package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.ParamGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1cycle policy, as {@code OneCycleLR}: the rate rises from maxLr/divFactor to maxLr over the
 * first pctStart of {@code totalSteps}, then falls to initial/finalDivFactor; momentum (or Adam's
 * β1) cycles the other way between maxMomentum and baseMomentum. Annealing is "cos" or "linear".
 * Step it after every batch.
 *
 * <pre>{@code
 * var sched = new OneCycleLR(opt, 0.1, 1000);
 * }</pre>
 */
public class OneCycleLR extends LRScheduler {
    private final int totalSteps;
    private final double[] phaseEnds;
    private final boolean cosine;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    /** PyTorch's defaults: pctStart 0.3, "cos", cycle momentum 0.85..0.95, divFactor 25, finalDivFactor 1e4. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, "cos", true, 0.85, 0.95, 25, 1e4);
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
                      double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor) {
        super(prepare(optimizer, maxLr, divFactor, finalDivFactor, totalSteps, pctStart, annealStrategy));
        this.totalSteps = totalSteps;
        this.phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
        this.cosine = annealStrategy.equals("cos");
        this.cycleMomentum = cycleMomentum;
        this.useBeta1 = optimizer.defaults().containsKey("betas");
        if (cycleMomentum) {
            if (!useBeta1 && !optimizer.defaults().containsKey("momentum")) {
                throw new IllegalArgumentException("OneCycleLR: optimizer must support momentum with cycle_momentum enabled");
            }
            for (ParamGroup g : optimizer.paramGroups()) {
                setMomentum(g, maxMomentum);
                g.set("max_momentum", maxMomentum);
                g.set("base_momentum", baseMomentum);
            }
        }
        baseLrs.clear();
        for (ParamGroup g : optimizer.paramGroups()) baseLrs.add(g.getDouble("initial_lr"));
        initialStep();
    }

    /** Sets initial_lr, max_lr and min_lr on every group before the base class reads initial_lr. */
    private static Optimizer prepare(Optimizer optimizer, double maxLr, double divFactor, double finalDivFactor, int totalSteps,
                                     double pctStart, String anneal) {
        if (totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: expected positive total_steps, got " + totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException("OneCycleLR: pct_start must be in [0, 1], got " + pctStart);
        if (!anneal.equals("cos") && !anneal.equals("linear")) {
            throw new IllegalArgumentException("OneCycleLR: anneal_strategy must be 'cos' or 'linear', got '" + anneal + "'");
        }
        for (ParamGroup g : optimizer.paramGroups()) {
            g.set("initial_lr", maxLr / divFactor);
            g.set("max_lr", maxLr);
            g.set("min_lr", maxLr / divFactor / finalDivFactor);
        }
        return optimizer;
    }

    private void setMomentum(ParamGroup g, double m) {
        if (useBeta1) {
            double[] betas = g.getDoubles("betas");
            betas[0] = m;
            g.set("betas", betas);
        } else {
            g.set("momentum", m);
        }
    }

    private double anneal(double start, double end, double pct) {
        return cosine ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + (lastEpoch + 1) + " times; total_steps is " + totalSteps);
        }
        String[][] lrKeys = {{"initial_lr", "max_lr"}, {"max_lr", "min_lr"}};
        String[][] momKeys = {{"max_momentum", "base_momentum"}, {"base_momentum", "max_momentum"}};
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            double start = 0;
            for (int i = 0; i < phaseEnds.length; i++) {
                double end = phaseEnds[i];
                if (lastEpoch <= end || i == phaseEnds.length - 1) {
                    double pct = (lastEpoch - start) / (end - start);
                    out.add(anneal(g.getDouble(lrKeys[i][0]), g.getDouble(lrKeys[i][1]), pct));
                    if (cycleMomentum) setMomentum(g, anneal(g.getDouble(momKeys[i][0]), g.getDouble(momKeys[i][1]), pct));
                    break;
                }
                start = end;
            }
        }
        return out;
    }
}
