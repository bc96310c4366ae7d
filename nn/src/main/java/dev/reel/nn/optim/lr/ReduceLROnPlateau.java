package dev.reel.nn.optim.lr;

import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.ParamGroup;
import java.util.List;

/**
 * Multiplies the rate by {@code factor} when a metric has stopped improving for more than
 * {@code patience} epochs, as {@code ReduceLROnPlateau} (mode "min" or "max"; threshold mode "rel"
 * or "abs"; cooldown; a floor {@code minLr}; changes smaller than {@code eps} are skipped).
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, "min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8);
 * sched.step(validationLoss);
 * }</pre>
 */
public class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean minimize;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int badEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    /** PyTorch's defaults: mode "min", factor 0.1, patience 10, threshold 1e-4 "rel", no cooldown, min_lr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, "min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8); }

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold, String thresholdMode,
                             int cooldown, double minLr, double eps) {
        if (factor >= 1.0) throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + factor);
        if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("ReduceLROnPlateau: mode " + mode + " is unknown");
        if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + thresholdMode + " is unknown");
        }
        this.optimizer = optimizer;
        this.minimize = mode.equals("min");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = thresholdMode.equals("rel");
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private boolean isBetter(double a) {
        if (minimize) return relative ? a < best * (1 - threshold) : a < best - threshold;
        return relative ? a > best * (threshold + 1) : a > best + threshold;
    }

    /** Records the epoch's metric and lowers the rates when it has stopped improving. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr(), lr = Math.max(old * factor, minLr);
                if (old - lr > eps) g.setLr(lr);
            }
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    public List<Double> lastLr() { return optimizer.paramGroups().stream().map(ParamGroup::lr).toList(); }

    public int lastEpoch() { return lastEpoch; }
}
