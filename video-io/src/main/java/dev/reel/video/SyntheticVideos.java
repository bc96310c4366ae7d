package dev.reel.video;

import dev.reel.nn.data.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Moving shapes": labelled video clips generated from a seed, the built-in data set that needs no
 * download. Each clip shows one large shape moving in a straight line across a textured, noisy
 * background, with smaller distractor shapes wandering at random. The class is (shape, direction
 * of motion): a single frame shows the shape but not where it is going, so a model must compare
 * frames to tell {@code circle_left} from {@code circle_right}.
 *
 * <pre>{@code
 * SyntheticVideos data = new SyntheticVideos(SyntheticVideos.Config.DEFAULT);   // 8 classes, 16x64x64
 * SyntheticVideos.Clip c = data.clip(0);       // c.rgb(): T*H*W*3 bytes, c.label() in [0, 8)
 * data.writeTo(Path.of("moving-shapes"), 20, SyntheticVideos.Format.AVI_MJPEG);  // root/<class>/<video>
 * }</pre>
 *
 * <p>Clip {@code i} depends only on the seed and {@code i} (its randomness is the engine's Philox
 * stream for a seed mixed from both): clips can be made in any order, in parallel, and are
 * identical on every run and machine. Labels cycle through the classes, so any
 * {@code k * numClasses} consecutive clips are balanced.
 */
public final class SyntheticVideos {
    /** Shapes, in class order. */
    public static final List<String> SHAPES = List.of("circle", "cross", "triangle", "square");
    /** Directions of motion, in class order. */
    public static final List<String> DIRECTIONS = List.of("left", "right", "up", "down");

    /**
     * What to generate.
     *
     * @param numClasses  2 to 16: the first {@code numClasses} of shape x direction, directions
     *                    varying fastest (4 classes: a circle in four directions)
     * @param frames      frames per clip, at least 2
     * @param height      frame height, at least 16
     * @param width       frame width, at least 16
     * @param noise       standard deviation of the per-pixel noise, in 8-bit levels
     * @param distractors number of small distractor shapes per clip
     * @param seed        seed of everything
     */
    public record Config(int numClasses, int frames, int height, int width, double noise, int distractors, long seed) {
        /** 8 classes (circle and cross, four directions), 16 frames of 64x64, noise 8, 2 distractors. */
        public static final Config DEFAULT = new Config(8, 16, 64, 64, 8, 2, 1234);

        public Config {
            if (numClasses < 2 || numClasses > SHAPES.size() * DIRECTIONS.size()) {
                throw new IllegalArgumentException("SyntheticVideos: numClasses must be in 2.." + SHAPES.size() * DIRECTIONS.size() + ", got " + numClasses);
            }
            if (frames < 2) throw new IllegalArgumentException("SyntheticVideos: need at least 2 frames, got " + frames);
            if (height < 16 || width < 16) throw new IllegalArgumentException("SyntheticVideos: frames must be at least 16x16, got " + width + "x" + height);
            if ((long) frames * height * width * 3 > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("SyntheticVideos: clip of " + frames + "x" + height + "x" + width + " is too large");
            if (!(noise >= 0)) throw new IllegalArgumentException("SyntheticVideos: noise must be >= 0, got " + noise);
            if (distractors < 0) throw new IllegalArgumentException("SyntheticVideos: distractors must be >= 0, got " + distractors);
        }

        public Config withNumClasses(int n) { return new Config(n, frames, height, width, noise, distractors, seed); }

        public Config withFrames(int t) { return new Config(numClasses, t, height, width, noise, distractors, seed); }

        public Config withSize(int h, int w) { return new Config(numClasses, frames, h, w, noise, distractors, seed); }

        public Config withNoise(double n) { return new Config(numClasses, frames, height, width, n, distractors, seed); }

        public Config withDistractors(int d) { return new Config(numClasses, frames, height, width, noise, d, seed); }

        public Config withSeed(long s) { return new Config(numClasses, frames, height, width, noise, distractors, s); }
    }

    /**
     * One clip: {@code frames * height * width * 3} bytes of RGB24 frames, (T, H, W, C) order.
     *
     * @param rgb    the pixels
     * @param label  class index
     */
    public record Clip(byte[] rgb, int frames, int height, int width, int label) {
        /** The pixels as a U8 tensor [T, H, W, 3] sharing this clip's array. */
        public dev.reel.engine.Tensor tensor() { return dev.reel.engine.Tensor.wrap(rgb, frames, height, width, 3); }
    }

    /** File format for {@link #writeTo}. */
    public enum Format {
        AVI_MJPEG(".avi"), AVI_RAW(".avi"), Y4M(".y4m");

        private final String extension;

        Format(String extension) { this.extension = extension; }

        public String extension() { return extension; }
    }

    private final Config config;

    public SyntheticVideos(Config config) { this.config = config; }

    public Config config() { return config; }

    public int numClasses() { return config.numClasses(); }

    /** Class names such as {@code circle_left}, indexed by label. */
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < config.numClasses(); c++) names.add(className(c));
        return names;
    }

    private static String className(int label) {
        return SHAPES.get(label / DIRECTIONS.size()) + "_" + DIRECTIONS.get(label % DIRECTIONS.size());
    }

    /** The label of clip {@code index}: {@code index mod numClasses}. */
    public int label(long index) { return (int) Math.floorMod(index, (long) config.numClasses()); }

    /** Generates clip {@code index} (any non-negative long). */
    public Clip clip(long index) {
        byte[] rgb = new byte[config.frames() * config.height() * config.width() * 3];
        int label = render(index, rgb, 0);
        return new Clip(rgb, config.frames(), config.height(), config.width(), label);
    }

    /** Renders clip {@code index} into {@code dst[offset..]} and returns its label. */
    public int render(long index, byte[] dst, int offset) {
        if (index < 0) throw new IllegalArgumentException("SyntheticVideos: clip index must be >= 0, got " + index);
        int label = label(index);
        new ClipPainter(config, new dev.reel.video.internal.PhiloxStream(mix(config.seed(), index)), label / DIRECTIONS.size(),
                label % DIRECTIONS.size()).paint(dst, offset);
        return label;
    }

    /**
     * Clips {@code first .. first + size - 1} as a dataset of (transformed clip, label), generated
     * on demand; train and validation sets are disjoint index ranges, e.g. {@code dataset(0, 4000, t)}
     * and {@code dataset(1_000_000, 800, t)}. Transforms draw from a generator seeded by the clip index.
     */
    public Dataset<dev.reel.video.datasets.Sample> dataset(long first, int size, dev.reel.video.transforms.VideoTransform transform) {
        if (first < 0 || size < 0 || first > Long.MAX_VALUE - size) throw new IllegalArgumentException("SyntheticVideos.dataset: bad range first=" + first + " size=" + size);
        var t = transform == null ? dev.reel.video.transforms.VideoTransform.identity() : transform;
        return new Dataset<>() {
            @Override
            public int size() { return size; }

            @Override
            public dev.reel.video.datasets.Sample get(int i) {
                java.util.Objects.checkIndex(i, size);
                Clip c = clip(first + i);
                dev.reel.engine.Tensor x = t.apply(c.tensor(), new dev.reel.engine.Generator(mix(config.seed() ^ 0x5EEDL, first + i)));
                return new dev.reel.video.datasets.Sample(x, c.label(), null);
            }
        };
    }

    /** A well-mixed 64-bit seed for clip {@code index} (SplitMix64 finaliser of seed and index). */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes {@code videosPerClass * numClasses} clips (indices {@code 0 ..}) as
     * {@code root/<class>/<class>_<index>.<ext>} at 15 fps, the layout {@code VideoFolderDataset}
     * reads. Existing files of the same names are replaced. Returns the paths written.
     */
    public List<Path> writeTo(Path root, int videosPerClass, Format format) {
        if (videosPerClass < 1) throw new IllegalArgumentException("SyntheticVideos.writeTo: videosPerClass must be >= 1, got " + videosPerClass);
        List<Path> written = new ArrayList<>();
        try {
            for (String name : classNames()) Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create class folders under " + root + ": " + e.getMessage(), e);
        }
        int n = videosPerClass * config.numClasses();
        byte[] buf = new byte[config.frames() * config.height() * config.width() * 3];
        int frameBytes = config.height() * config.width() * 3;
        Rational fps = Rational.of(15, 1);
        for (int i = 0; i < n; i++) {
            int label = render(i, buf, 0);
            String cls = className(label);
            Path p = root.resolve(cls).resolve(String.format(Locale.ROOT, "%s_%05d%s", cls, i, format.extension()));
            try (VideoWriter w = switch (format) {
                case AVI_MJPEG -> AviWriter.mjpeg(p, config.width(), config.height(), fps, 0.9f);
                case AVI_RAW -> AviWriter.raw(p, config.width(), config.height(), fps);
                case Y4M -> new Y4mWriter(p, config.width(), config.height(), fps);
            }) {
                for (int t = 0; t < config.frames(); t++) w.writeRgb(buf, t * frameBytes);
            }
            written.add(p);
        }
        return written;
    }
}
