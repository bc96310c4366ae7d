package dev.reel.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the
 * validation accuracy (or, without validation, minus the training loss) improves. Files are
 * replaced atomically, so an interrupted run always leaves a readable checkpoint.
 *
 * <pre>{@code
 * trainer.addCallback(new ModelCheckpoint(Path.of("runs/a/checkpoints"), Map.of("model", "cnn-lstm")));
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
    private final Path dir;
    private final Map<String, String> config;

    public ModelCheckpoint(Path dir, Map<String, String> config) {
        this.dir = dir;
        this.config = Map.copyOf(config);
    }

    public Path last() { return dir.resolve("last.safetensors"); }

    public Path bestFile() { return dir.resolve("best.safetensors"); }

    /** The value compared between epochs: validation accuracy, else -train loss. */
    static double monitored(EpochStats s) {
        if (!Double.isNaN(s.valAccuracy())) return s.valAccuracy();
        return -s.trainLoss();
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochStats stats) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
        double v = monitored(stats);
        boolean improved = v > trainer.best();
        if (improved) trainer.setBest(v);
        trainer.save(last(), config);
        if (improved) trainer.save(bestFile(), config);
    }
}
