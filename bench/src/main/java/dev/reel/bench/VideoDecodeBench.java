package dev.reel.bench;

import dev.reel.video.ClipLayout;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;
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
 * Decoding a whole 320×240 video to RGB24 frames, one reused buffer, as a data loader does:
 * H.264 (FFmpeg backend), MJPEG (pure Java and FFmpeg) and Y4M (pure Java); frame by frame
 * ({@code decodeAll}) and as clips of 16 frames, one batch read each ({@code decodeClips}).
 * Frames/s = frames / (seconds per operation). The files and the ffmpeg CLI's time on them come from
 * {@code bench/run-video-decode.sh}, which runs this from the repository root, where the files are
 * in {@code bench/target/videos} (or the folder named by the system property {@code reel.bench.videos}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class VideoDecodeBench {
    @Param({"h264.mp4:ffmpeg", "mjpeg.avi:java", "mjpeg.avi:ffmpeg", "yuv420.y4m:java"})
    String input;

    VideoReader reader;
    byte[] frame;
    byte[] clip;
    final int[] clipIndices = new int[CLIP];

    @Setup
    public void open() {
        Path dir = Path.of(System.getProperty("reel.bench.videos", "bench/target/videos"));
        String[] f = input.split(":");
        Path p = dir.resolve(f[0]);
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing: run bench/run-video-decode.sh, which makes it");
        Video.Backend backend = f[1].equals("ffmpeg") ? Video.Backend.FFMPEG : Video.Backend.PURE_JAVA;
        reader = Video.open(p, Video.Options.DEFAULT.withBackend(backend));
        frame = new byte[reader.info().frameBytes()];
        clip = new byte[CLIP * reader.info().frameBytes()];
    }

    /** Every frame in order; returns a checksum so the work is not optimised away. */
    @Benchmark
    public long decodeAll() {
        long sum = 0;
        for (int i = 0; i < reader.frameCount(); i++) {
            reader.readRgb(i, frame, 0);
            sum += frame[i % frame.length];
        }
        return sum;
    }

    /** Frames per batch read in {@link #decodeClips}: a training clip's length. */
    static final int CLIP = 16;

    /**
     * Every frame in order, read as clips of {@value #CLIP} frames, one batch read each, as a
     * video dataset reads a clip (MJPEG decodes a batch on several threads).
     */
    @Benchmark
    public long decodeClips() {
        long sum = 0;
        int n = reader.frameCount();
        for (int start = 0; start < n; start += CLIP) {
            int len = Math.min(CLIP, n - start);
            int[] idx = len == CLIP ? clipIndices : new int[len];
            for (int t = 0; t < len; t++) idx[t] = start + t;
            reader.readRgb(idx, ClipLayout.THWC, clip, 0);
            sum += clip[start % clip.length];
        }
        return sum;
    }

    @TearDown
    public void close() { reader.close(); }
}
