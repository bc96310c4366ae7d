package dev.reel.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one {@link EpochStats} row per epoch to a CSV file (header first). On resume the file
 * is rewritten from the trainer's history, so it never holds rows of epochs that were redone.
 *
 * <pre>{@code
 * trainer.addCallback(new CsvLogger(Path.of("runs/a/metrics.csv")));
 * }</pre>
 */
public final class CsvLogger implements Callback {
    private final Path file;

    public CsvLogger(Path file) { this.file = file; }

    @Override
    public void onFitStart(Trainer trainer, int epochs) {
        StringBuilder sb = new StringBuilder(EpochStats.CSV_HEADER).append('\n');
        for (EpochStats s : trainer.history()) sb.append(s.csv()).append('\n');
        write(sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochStats stats) {
        write(stats.csv() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void write(String s, StandardOpenOption... opts) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, s, StandardCharsets.UTF_8, opts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
