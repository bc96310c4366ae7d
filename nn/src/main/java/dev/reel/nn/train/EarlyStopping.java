package dev.reel.nn.train;

/**
 * Stops {@link Trainer#fit} when the validation accuracy (or, without validation, the training
 * loss) has not improved by {@code minDelta} for {@code patience} epochs, or as soon as it reaches
 * {@code target}.
 *
 * <pre>{@code
 * trainer.addCallback(new EarlyStopping(3, 0.001, 0.99));   // patience 3, stop at 99 %
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private final double target;
    private double best = Double.NEGATIVE_INFINITY;
    private int bad;

    /** {@code target}: stop once the monitored value reaches it (NaN for none). */
    public EarlyStopping(int patience, double minDelta, double target) {
        if (patience < 1) throw new IllegalArgumentException("EarlyStopping: patience must be >= 1, got " + patience);
        this.patience = patience;
        this.minDelta = minDelta;
        this.target = target;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochStats stats) {
        double v = ModelCheckpoint.monitored(stats);
        if (v > best + minDelta) {
            best = v;
            bad = 0;
        } else if (++bad >= patience) {
            trainer.requestStop();
        }
        if (!Double.isNaN(target) && v >= target) trainer.requestStop();
    }
}
