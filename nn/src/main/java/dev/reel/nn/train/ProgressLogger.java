package dev.reel.nn.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: on a terminal, a bar redrawn in place (epoch, step, samples/s, ETA,
 * loss, accuracy); otherwise (a pipe, a log file, CI) plain lines every {@code logEvery} steps,
 * plus one line per epoch either way.
 *
 * <pre>{@code
 * trainer.addCallback(new ProgressLogger(System.out, System.console() != null, 20));
 * }</pre>
 */
public final class ProgressLogger implements Callback {
    private final PrintStream out;
    private final boolean terminal;
    private final int logEvery;
    private int epochs;
    private long lastDraw;
    private long epochStart = System.nanoTime();
    private int firstBatch;   // > 0 in an epoch resumed from a mid-epoch checkpoint

    public ProgressLogger(PrintStream out, boolean terminal, int logEvery) {
        this.out = out;
        this.terminal = terminal;
        this.logEvery = Math.max(1, logEvery);
    }

    @Override
    public void onFitStart(Trainer trainer, int epochs) { this.epochs = epochs; }

    @Override
    public void onEpochStart(Trainer trainer, int epoch, int batches) {
        epochStart = System.nanoTime();
        firstBatch = trainer.batchInEpoch();
    }

    @Override
    public void onBatchEnd(Trainer trainer, StepStats s) {
        boolean lastBatch = s.batch() + 1 == s.batches();
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && !lastBatch) return;   // redraw at most 10 times a second
            lastDraw = now;
            int width = 24;
            int filled = (int) Math.round(width * (s.batch() + 1.0) / s.batches());
            String bar = "#".repeat(filled) + "-".repeat(width - filled);
            out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s] %d/%d  %.1f clips/s  ETA %s  loss %.4f  acc %.3f ",
                    s.epoch() + 1, epochs, bar, s.batch() + 1, s.batches(), s.samplesPerSecond(), eta(s), s.loss(), s.accuracy()));
            out.flush();
        } else if ((s.batch() + 1) % logEvery == 0 && !lastBatch) {
            out.println(String.format(Locale.ROOT, "epoch %d/%d step %d/%d  %.1f clips/s  ETA %s  loss %.4f  acc %.3f",
                    s.epoch() + 1, epochs, s.batch() + 1, s.batches(), s.samplesPerSecond(), eta(s), s.loss(), s.accuracy()));
        }
    }

    /** Time left in the epoch at its average pace so far. */
    private String eta(StepStats s) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        long secs = Math.round(elapsed / (s.batch() + 1 - firstBatch) * (s.batches() - s.batch() - 1));
        return mmss(secs);
    }

    private static String mmss(long secs) { return String.format(Locale.ROOT, "%d:%02d", secs / 60, secs % 60); }

    @Override
    public void onEpochEnd(Trainer trainer, EpochStats e) {
        if (terminal) out.println();
        out.println(String.format(Locale.ROOT,
                "epoch %d/%d  train loss %.4f acc %.3f | val loss %.4f acc %.3f | lr %.2e | %.1f clips/s | %.1f s",
                e.epoch() + 1, epochs, e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), e.lr(), e.samplesPerSecond(),
                e.seconds()));
        out.flush();
    }
}
