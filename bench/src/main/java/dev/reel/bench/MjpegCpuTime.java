package dev.reel.bench;

import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Pure-Java MJPEG decoding timed by this thread's CPU time: every frame of an AVI decoded to
 * RGB24 on the calling thread, pass after pass, with the median and best pass reported in
 * microseconds per frame, and the bytes the thread allocates per frame. On a shared machine the wall clock also counts waiting for a core;
 * thread CPU time barely does, so variants can be compared back to back under load. The twin
 * figure for the ffmpeg CLI is its utime + stime ({@code -benchmark}, {@code -threads 1}).
 * {@code -Dreel.video.jpeg=imageio} times the ImageIO (libjpeg) path instead of Reel's decoder.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.MjpegCpuTime \
 *       bench/target/videos/mjpeg.avi 9
 * </pre>
 */
public final class MjpegCpuTime {
    private MjpegCpuTime() {}

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/target/videos/mjpeg.avi");
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 9, warmup = 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (VideoReader r = Video.open(file, Video.Options.DEFAULT.withBackend(Video.Backend.PURE_JAVA))) {
            int n = r.frameCount();
            byte[] frame = new byte[r.info().frameBytes()];
            double[] us = new double[passes];
            long sum = 0, bytes = 0;
            com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
            long tid = Thread.currentThread().threadId();
            for (int p = -warmup; p < passes; p++) {
                long a0 = alloc.getThreadAllocatedBytes(tid);
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    r.readRgb(i, frame, 0);
                    sum += frame[i % frame.length];
                }
                long t1 = mx.getCurrentThreadCpuTime();
                if (p >= 0) us[p] = (t1 - t0) / 1e3 / n;
                if (p == passes - 1) bytes = (alloc.getThreadAllocatedBytes(tid) - a0) / n;
            }
            Arrays.sort(us);
            System.out.printf("%s %dx%d, %d frames, decoder %s: CPU us/frame median %.1f, best %.1f (%d passes); %d bytes allocated per frame in the last pass (checksum %d)%n",
                    file.getFileName(), r.info().width(), r.info().height(), n, System.getProperty("reel.video.jpeg", "java"),
                    us[passes / 2], us[0], passes, bytes, sum);
        }
    }
}
