package dev.reel.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the
 * validation accuracy (or, without validation, minus the training loss) improves. With a step
 * interval N it also saves {@code last.safetensors} after every N-th optimizer step, inside the
 * epoch; {@link Trainer#resume} continues such a checkpoint from the next batch. Files are
 * replaced atomically, so an interrupted run always leaves a readable checkpoint.
 *
 * <pre>{@code
 * trainer.addCallback(new ModelCheckpoint(Path.of("runs/a/checkpoints"), Map.of("model", "cnn-lstm")));
 * trainer.addCallback(new ModelCheckpoint(Path.of("runs/b/checkpoints"), Map.of(), 500));   // also every 500 steps
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
    private final Path dir;
    private final Map<String, String> config;
    private final int everySteps;
    private long lastSavedStep = -1;

    /** Checkpoints at the end of each epoch only. */
    public ModelCheckpoint(Path dir, Map<String, String> config) { this(dir, config, 0); }

    /** Also every {@code everySteps} optimizer steps (0: at epoch ends only). */
    public ModelCheckpoint(Path dir, Map<String, String> config, int everySteps) {
        if (everySteps < 0) throw new IllegalArgumentException("ModelCheckpoint: everySteps must be >= 0, got " + everySteps);
        this.dir = dir;
        this.config = Map.copyOf(config);
        this.everySteps = everySteps;
    }

    public Path last() { return dir.resolve("last.safetensors"); }

    public Path bestFile() { return dir.resolve("best.safetensors"); }

    /** The value compared between epochs: validation accuracy, else -train loss. */
    static double monitored(EpochStats s) {
        if (!Double.isNaN(s.valAccuracy())) return s.valAccuracy();
        return -s.trainLoss();
    }

    @Override
    public void onFitStart(Trainer trainer, int epochs) { lastSavedStep = trainer.globalStep(); }

    @Override
    public void onBatchEnd(Trainer trainer, StepStats step) {
        long s = trainer.globalStep();
        // With gradient accumulation several batches share one step: save once, right after the step.
        if (everySteps > 0 && s % everySteps == 0 && s != lastSavedStep && trainer.atStepBoundary()) {
            createDir();
            trainer.save(last(), config);
            lastSavedStep = s;
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochStats stats) {
        createDir();
        double v = monitored(stats);
        boolean improved = v > trainer.best();
        if (improved) trainer.setBest(v);
        trainer.save(last(), config);
        if (improved) trainer.save(bestFile(), config);
    }

    private void createDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
