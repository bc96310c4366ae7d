package dev.reel.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One tiny training run shared by the eval and predict tests of this JVM, in a temporary folder
 * removed at exit: 2 synthetic classes (a circle moving left or right), 4 frames of 16x16, 96
 * training clips for 3 epochs, which is enough to classify the validation clips (seconds).
 */
final class TinyRun {
    static final int CLASSES = 2, FRAMES = 4, SIZE = 16;
    private static TinyRun instance;

    final Path dir, run, cache;
    /** What {@code reel train} printed. */
    final String trainOutput;

    private TinyRun(Path dir) {
        this.dir = dir;
        run = dir.resolve("run");
        cache = dir.resolve("cache");
        CliRunner r = CliRunner.run("train", "--epochs", "3", "--classes", "" + CLASSES, "--train-clips", "96", "--val-clips", "16",
                "--frames", "" + FRAMES, "--size", "" + SIZE, "--batch", "8", "--target-acc", "0", "--out", run.toString(),
                "--cache", cache.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        trainOutput = r.out();
    }

    static synchronized TinyRun get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("reel-tiny-run");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                instance = new TinyRun(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The validation accuracy of the final model (percent, as printed with two decimals) that training reported at its end. */
    String trainValidationAccuracy() {
        Matcher m = Pattern.compile("done: validation accuracy ([0-9.]+)%").matcher(trainOutput);
        assertTrue(m.find(), trainOutput);
        return m.group(1);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: a leftover temporary folder is harmless
        }
    }
}
