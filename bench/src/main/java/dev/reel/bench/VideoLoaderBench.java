package dev.reel.bench;

import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.datasets.VideoDataset;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.Resize;
import dev.reel.video.transforms.ToChannelsFirst;
import dev.reel.video.transforms.ToFloat;
import dev.reel.video.transforms.VideoTransform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data loader feeding {@code reel train} from a folder of MJPEG AVI files: one epoch of
 * {@link VideoDataset#folder} at the train command's default geometry (random 8-frame clips,
 * resized to 32×32, scaled to float, channels first; batches of 16), with 1 and 2 workers.
 * Clips/s = {@value #VIDEOS} / (seconds per epoch), to set beside the training step's clips/s.
 *
 * <p>Two kinds of files, 16 frames each, written once into {@code bench/target/loader-videos}
 * by {@link SyntheticVideos}: 32×32 (what the step consumes, no resizing work) and 320×240 (the
 * size of UCF101's videos, decoded and then resized).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class VideoLoaderBench {
    static final int CLASSES = 8, PER_CLASS = 16, VIDEOS = CLASSES * PER_CLASS, FRAMES = 8, SIZE = 32, BATCH = 16;

    /** Stored frame size of the videos, width x height. */
    @Param({"32x32", "320x240"})
    String video;

    @Param({"1", "2"})
    int workers;

    DataLoader<Example, Batch> loader;

    @Setup
    public void open() {
        String[] wh = video.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        Path root = Path.of(System.getProperty("reel.bench.loaderVideos", "bench/target/loader-videos")).resolve(video);
        if (!Files.isDirectory(root)) {
            SyntheticVideos.Config cfg = SyntheticVideos.Config.DEFAULT.withNumClasses(CLASSES).withFrames(16).withSize(h, w);
            new SyntheticVideos(cfg).writeTo(root, PER_CLASS, SyntheticVideos.Format.AVI_MJPEG);
        }
        VideoTransform t = VideoTransform.compose(Resize.to(SIZE, SIZE), ToFloat.scaled(), ToChannelsFirst.INSTANCE);
        VideoDataset clips = VideoDataset.folder(root, ClipSampler.randomCrop(FRAMES, 1), t, 42);
        if (clips.size() != VIDEOS) throw new IllegalStateException(root + " holds " + clips.size() + " videos, expected " + VIDEOS + ": delete it to rewrite");
        Dataset<Example> examples = clips.map(s -> Example.of(s.input(), s.label()));
        loader = DataLoader.builder(examples).batchSize(BATCH).shuffle(true).seed(42).workers(workers).build();
    }

    /** One epoch: every batch loaded, decoded, transformed and collated; returns a checksum. */
    @Benchmark
    public double epoch() {
        double sum = 0;
        for (Batch b : loader) sum += b.size();
        return sum;
    }

    @TearDown
    public void close() { loader.close(); }
}
