package dev.reel.examples;

import dev.reel.engine.Reel;
import dev.reel.nn.AdaptiveAvgPool1d;
import dev.reel.nn.BatchNorm1d;
import dev.reel.nn.Conv1d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Flatten;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool1d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.train.EpochStats;
import dev.reel.nn.train.ProgressLogger;
import dev.reel.nn.train.Trainer;
import dev.reel.video.Audio;
import dev.reel.video.Wav;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Example 4: audio classification on raw samples. Writes short WAV files of four musical notes
 * a semitone apart (random loudness, phase and detuning, buried in noise) into {@code root/<note>/<n>.wav},
 * reads them back with {@link Wav#read} into float tensors, and trains a 1-D convolutional network
 * (Conv1d, BatchNorm1d, MaxPool1d, AdaptiveAvgPool1d, Linear, after the M5 network of PyTorch's
 * audio tutorial) with the {@link Trainer}, the Keras-style {@code fit} loop.
 *
 * <pre>{@code
 * examples/run AudioConv1d            # 8 epochs, a progress line per epoch
 * AudioConv1d.Result r = AudioConv1d.run(Path.of("/tmp/notes"), 100, 40, 8, true);
 * }</pre>
 */
public final class AudioConv1d {
    private AudioConv1d() {}

    /** Four neighbouring notes and their frequencies in Hz: A3, A#3, B3, C4, each a semitone (6 %) above the last. */
    static final List<String> NOTES = List.of("a3", "a-sharp3", "b3", "c4");
    static final double[] HERTZ = {220.0, 233.08, 246.94, 261.63};

    /** 8 kHz, a quarter of a second: 2000 samples per file. */
    static final int SAMPLE_RATE = 8000, SAMPLES = 2000;

    /** Mean training loss of the first and last epoch, and the validation accuracy after each epoch. */
    public record Result(double firstLoss, double lastLoss, double[] valAccuracy) {
        public double finalAccuracy() { return valAccuracy[valAccuracy.length - 1]; }
    }

    public static void main(String[] args) throws IOException {
        Path root = Files.createTempDirectory("reel-notes");
        Result r = run(root, 150, 40, 8, true);
        System.out.printf(Locale.ROOT, "validation accuracy %.1f %% (chance is %.0f %%); WAV files in %s%n",
                100 * r.finalAccuracy(), 100.0 / NOTES.size(), root);
    }

    /**
     * Writes {@code trainPerClass} and {@code valPerClass} WAV files per note under
     * {@code root/train} and {@code root/val}, then trains for {@code epochs} epochs.
     */
    public static Result run(Path root, int trainPerClass, int valPerClass, int epochs, boolean verbose) {
        Reel.manualSeed(0);
        writeNotes(root.resolve("train"), trainPerClass, 1);
        writeNotes(root.resolve("val"), valPerClass, 2);
        Dataset<Example> train = wavFolder(root.resolve("train"));
        Dataset<Example> val = wavFolder(root.resolve("val"));

        // Raw samples in, class scores out. The first convolution is a bank of 32 learnt filters,
        // each 64 samples (8 ms, almost two periods of A3) long; each learns to ring more for some
        // pitches than for others. The pools keep how strongly each filter rang, wherever in the
        // clip that happened, and the layers above compare the filters: the ratio between two
        // filters' responses tells the pitch even when the loudness is unknown.
        Sequential model = new Sequential(
                new Conv1d(1, 32, 64, ConvOptions.of().stride(4).padding(30)), new BatchNorm1d(32), new ReLU(), new MaxPool1d(4), // 2000 -> 500 -> 125
                new Conv1d(32, 32, 3, ConvOptions.of().padding(1)), new BatchNorm1d(32), new ReLU(), new MaxPool1d(4),            // 125 -> 31
                new Conv1d(32, 64, 3, ConvOptions.of().padding(1)), new BatchNorm1d(64), new ReLU(),
                new AdaptiveAvgPool1d(1),   // [B, 64, 31] -> [B, 64, 1]: the clip's length no longer matters
                new Flatten(),
                new Linear(64, NOTES.size()));
        var opt = new Adam(model.parameters(), new Adam.Options().lr(3e-3));

        // The Trainer runs the loop of example 2 for us: forward, cross entropy, backward, step, and
        // an evaluation on the validation loader after each epoch.
        var trainer = Trainer.builder(model, opt);
        if (verbose) trainer.callback(new ProgressLogger(System.out, System.console() != null, 10));
        try (var trainLoader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).workers(2).build();
             var valLoader = DataLoader.builder(val).batchSize(64).workers(2).build()) {
            List<EpochStats> history = trainer.build().fit(trainLoader, valLoader, epochs);
            return new Result(history.getFirst().trainLoss(), history.getLast().trainLoss(),
                    history.stream().mapToDouble(EpochStats::valAccuracy).toArray());
        }
    }

    /**
     * The WAV files under {@code root/<class>/}, classes numbered in sorted order as in an image
     * folder. Each sample is read when the loader asks for it: {@link Wav#read} gives samples in
     * [-1, 1], and {@link Audio#toTensor()} lays them out [channels, length], Conv1d's [C, L].
     */
    static Dataset<Example> wavFolder(Path root) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> classes = Files.list(root)) {
            List<Path> dirs = classes.filter(Files::isDirectory).sorted().toList();
            for (int label = 0; label < dirs.size(); label++) {
                try (Stream<Path> wavs = Files.list(dirs.get(label))) {
                    for (Path f : wavs.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                        files.add(f);
                        labels.add(label);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("AudioConv1d: cannot list " + root + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new IllegalArgumentException("AudioConv1d: no .wav files under " + root + "/<class>/");
        return new Dataset<>() {
            @Override
            public int size() { return files.size(); }

            @Override
            public Example get(int index) { return Example.of(Wav.read(files.get(index)).toTensor(), labels.get(index)); }

            @Override
            public String sourceOf(int index) { return files.get(index).toString(); }   // named in loader errors
        };
    }

    /** Writes {@code perClass} 16-bit mono WAV files of each note into {@code dir/<note>/}. */
    static void writeNotes(Path dir, int perClass, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < NOTES.size(); k++) {
            Path classDir = dir.resolve(NOTES.get(k));
            try {
                Files.createDirectories(classDir);
            } catch (IOException e) {
                throw new UncheckedIOException("AudioConv1d: cannot create " + classDir + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < perClass; i++) {
                Audio tone = new Audio(SAMPLE_RATE, 1, tone(HERTZ[k], rnd));
                Wav.write(classDir.resolve(String.format(Locale.ROOT, "%04d.wav", i)), tone, 16);
            }
        }
    }

    /**
     * One noisy note: a sine at {@code hertz} detuned by up to 1.5 % (a quarter of the gap to the next note), with a random phase and
     * loudness, a fade-in and fade-out, and white noise; the loudness alone says nothing about the note.
     */
    static float[] tone(double hertz, SplittableRandom rnd) {
        double f = hertz * (1 + (rnd.nextDouble() - 0.5) * 0.03);
        double phase = rnd.nextDouble() * 2 * Math.PI;
        double amplitude = 0.2 + rnd.nextDouble() * 0.4;
        double noise = 0.05 + rnd.nextDouble() * 0.1;          // standard deviation of the white noise
        float[] s = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double t = (double) i / SAMPLE_RATE;
            double envelope = Math.min(1, Math.min(i, SAMPLES - 1 - i) / 200.0);   // 25 ms fades: no clicks
            double v = amplitude * envelope * Math.sin(2 * Math.PI * f * t + phase) + noise * gaussian(rnd);
            // 16-bit WAV holds [-1, 1]; the rare noise peak beyond is clipped, as a recorder would.
            s[i] = (float) Math.clamp(v, -1.0, 1.0);
        }
        return s;
    }

    /** A standard normal number (Box-Muller). */
    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
