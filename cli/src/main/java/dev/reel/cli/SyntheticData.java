package dev.reel.cli;

import dev.reel.engine.Tensor;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.transforms.VideoTransform;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The moving-shapes clips as a training set, rendered once into a cache folder
 * ({@code .reel-cache/moving-shapes/<config>/clips-<first>-<count>.u8}, raw RGB24 clips one after
 * another) and read from memory afterwards, so later runs start at once.
 *
 * <pre>{@code
 * Dataset<Example> train = SyntheticData.load(Path.of(".reel-cache"), config, 0, 2400, log);
 * }</pre>
 */
final class SyntheticData {
    /** Index of the first validation clip: far from the training range, so never seen in training. */
    static final long VAL_FIRST = 1_000_000;

    /**
     * What the model sees of a clip: U8 [T, H, W, 3] to F32 [3, T, H, W] in [-1, 1]. Training
     * data and {@code reel predict} on synthetic runs both go through it, so they agree bit for bit.
     */
    static final VideoTransform TO_INPUT = (clip, g) -> clip.toFloat().mul(2.0 / 255).sub(1.0).permute(3, 0, 1, 2).contiguous();

    private SyntheticData() {}

    /** The moving-shapes configuration of a run's clip geometry. */
    static SyntheticVideos.Config config(int classes, int frames, int size) {
        return SyntheticVideos.Config.DEFAULT.withNumClasses(classes).withFrames(frames).withSize(size, size);
    }

    /** Clips {@code first .. first+count-1} as examples: input [3, T, H, W] in [-1, 1], label. */
    static Dataset<Example> load(Path cache, SyntheticVideos.Config cfg, long first, int count, PrintWriter log) {
        SyntheticVideos videos = new SyntheticVideos(cfg);
        int clipBytes = cfg.frames() * cfg.height() * cfg.width() * 3;
        if ((long) clipBytes * count > Integer.MAX_VALUE - 8) {
            throw new UserError(count + " synthetic clips of " + clipBytes + " bytes do not fit in one array; use fewer or smaller clips");
        }
        String key = String.format(java.util.Locale.ROOT, "v2-c%d-t%d-%dx%d-n%s-d%d-s%d", cfg.numClasses(), cfg.frames(), cfg.height(),
                cfg.width(), Double.toString(cfg.noise()), cfg.distractors(), cfg.seed());
        Path file = cache.resolve("moving-shapes").resolve(key).resolve("clips-" + first + "-" + count + ".u8");
        byte[] data;
        try {
            if (Files.isRegularFile(file) && Files.size(file) == (long) clipBytes * count) {
                data = Files.readAllBytes(file);
            } else {
                log.printf("generating %d synthetic clips into %s ...%n", count, file.getParent());
                log.flush();
                data = new byte[clipBytes * count];
                byte[] out = data;
                // Each clip depends only on (seed, index): render them in parallel.
                IntStream.range(0, count).parallel().forEach(i -> videos.render(first + i, out, i * clipBytes));
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), "clips", ".tmp");
                Files.write(tmp, data);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the synthetic-data cache " + file + ": " + e.getMessage(), e);
        }
        int t = cfg.frames(), h = cfg.height(), w = cfg.width();
        return Dataset.of(count, i -> {
            byte[] clip = Arrays.copyOfRange(data, i * clipBytes, (i + 1) * clipBytes);
            return Example.of(TO_INPUT.apply(Tensor.wrap(clip, t, h, w, 3), null), videos.label(first + i));
        });
    }
}
