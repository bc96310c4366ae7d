package dev.reel.video;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The FFmpeg backend on files made by tools/fixtures/make_videos.sh, against the ffmpeg CLI's
 * frames. Both use FFmpeg's decoders and swscale with the same flags, so the frames agree to within
 * the rounding two FFmpeg builds may differ by (measured: identical).
 */
class FfmpegTest {
    @TempDir Path dir;

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(Video.ffmpegAvailable(), () -> "FFmpeg's native library does not load here: " + Video.ffmpegProblem());
    }

    static final Video.Options FF = Video.Options.DEFAULT.withBackend(Video.Backend.FFMPEG);

    @ParameterizedTest
    @CsvSource({
        "h264.mp4, h264, yuv420p, 30",
        "vp9.webm, vp9, yuv420p, 30",
        "mjpeg.avi, mjpeg, yuvj444p, 30",
        "yuv420.y4m, rawvideo, yuv420p, 30",
        "raw_bgr24.avi, rawvideo, bgr24, 5",
    })
    void matchesCliFrames(String name, String codec, String pixFmt, int frames) {
        byte[] ref = FixtureTest.reference(name);
        try (VideoReader r = Video.open(FixtureTest.fixture(name), FF)) {
            VideoInfo info = r.info();
            assertEquals("ffmpeg", r.backend());
            assertEquals(codec, info.codec());
            assertEquals(pixFmt, info.pixelFormat());
            assertEquals(64, info.width());
            assertEquals(48, info.height());
            assertEquals(frames, info.frameCount());
            assertTrue(info.frameCountExact());
            assertEquals(Rational.of(30, 1), info.fps());
            assertEquals(0, info.rotation());
            byte[] all = r.readRgb(IntStream.range(0, frames).toArray(), ClipLayout.THWC);
            int diff = TestFrames.maxAbsDiff(ref, all);
            double psnr = TestFrames.psnr(ref, all);
            System.out.printf("ffmpeg %s: max diff %d, PSNR %.2f dB%n", name, diff, psnr);
            assertTrue(diff <= 2, name + ": max difference " + diff + " (PSNR " + psnr + ")");
        }
    }

    @ParameterizedTest
    @CsvSource({"h264.mp4", "vp9.webm"})
    void everyFrameByIndexEqualsSequentialDecoding(String name) {
        try (VideoReader seq = Video.open(FixtureTest.fixture(name), FF);
             VideoReader rnd = Video.open(FixtureTest.fixture(name), FF)) {
            int n = seq.frameCount();
            byte[][] frames = new byte[n][];
            for (int i = 0; i < n; i++) frames[i] = seq.frameRgb(i);
            // Random order, backwards and repeated: every seek must land on exactly the frame asked.
            SplittableRandom g = new SplittableRandom(7);
            for (int k = 0; k < 60; k++) {
                int i = g.nextInt(n);
                assertArrayEquals(frames[i], rnd.frameRgb(i), name + " frame " + i);
            }
            for (int i = n - 1; i >= 0; i--) assertArrayEquals(frames[i], rnd.frameRgb(i), name + " backwards " + i);
        }
    }

    @Test
    void variableFrameRateFollowsEachFramesTimestamp() {
        // vfr.mkv: frames 0..9 are 1/30 s apart, frames 10..19 are 2/30 s apart (ms timestamps).
        byte[] ref = FixtureTest.reference("vfr.mkv");
        try (VideoReader r = Video.open(FixtureTest.fixture("vfr.mkv"))) {
            assertEquals("ffmpeg", r.backend());
            assertEquals(20, r.frameCount());
            assertArrayEquals(ref, r.readRgb(IntStream.range(0, 20).toArray(), ClipLayout.THWC));
            assertEquals(0.0, r.timeOf(0));
            assertEquals(0.3, r.timeOf(9), 1e-3);
            assertEquals(0.4, r.timeOf(11), 1e-3);
            assertEquals(0.933, r.timeOf(19), 1e-3);
            assertEquals(0, r.indexAt(0.0));
            assertEquals(9, r.indexAt(0.32));
            assertEquals(10, r.indexAt(0.35));
            assertEquals(11, r.indexAt(0.4));   // a frame rate of 30 would say frame 12
            assertEquals(19, r.indexAt(0.95));
            assertArrayEquals(r.frameRgb(11), r.frameRgbAt(0.45));
            assertTrue(r.info().durationSeconds() > 0.93 && r.info().durationSeconds() < 1.01, "duration " + r.info().durationSeconds());
            assertThrows(IllegalArgumentException.class, () -> r.indexAt(1.01));
        }
    }

    @Test
    void autoPicksPureJavaWhereItCanAndFfmpegElsewhere() {
        try (VideoReader r = Video.open(FixtureTest.fixture("mjpeg.avi"))) { assertEquals("avi", r.backend()); }
        try (VideoReader r = Video.open(FixtureTest.fixture("yuv420.y4m"))) { assertEquals("y4m", r.backend()); }
        try (VideoReader r = Video.open(FixtureTest.fixture("h264.mp4"))) { assertEquals("ffmpeg", r.backend()); }
        UnsupportedVideoException e = assertThrows(UnsupportedVideoException.class,
                () -> Video.open(FixtureTest.fixture("h264.mp4"), Video.Options.DEFAULT.withBackend(Video.Backend.PURE_JAVA)));
        assertTrue(e.getMessage().contains("Y4M"), e.getMessage());
    }

    @Test
    void pureJavaAndFfmpegAgreeOnTheSameFile() {
        for (String name : new String[] {"yuv420.y4m", "raw_bgr24.avi", "mjpeg.avi"}) {
            try (VideoReader a = Video.open(FixtureTest.fixture(name)); VideoReader b = Video.open(FixtureTest.fixture(name), FF)) {
                assertEquals(a.frameCount(), b.frameCount());
                int[] all = IntStream.range(0, a.frameCount()).toArray();
                double psnr = TestFrames.psnr(a.readRgb(all, ClipLayout.THWC), b.readRgb(all, ClipLayout.THWC));
                assertTrue(psnr >= 45, name + ": pure Java vs FFmpeg PSNR " + psnr);
            }
        }
    }

    @Test
    void ffmpegReadsOurOpenDmlSegmentsAndMjpeg() {
        Path raw = dir.resolve("segments.avi"), mj = dir.resolve("mj.avi");
        try (VideoWriter w = AviWriter.raw(raw, 16, 8, Rational.of(25, 1), 4000)) {
            for (int t = 0; t < 40; t++) w.writeRgb(TestFrames.noise(16, 8, t), 0);
        }
        try (VideoWriter w = AviWriter.mjpeg(mj, 64, 48, Rational.of(30, 1), 0.95f)) {
            for (int t = 0; t < 6; t++) w.writeRgb(TestFrames.frame(64, 48, t, 5), 0);
        }
        try (VideoReader r = Video.open(raw, FF)) {
            assertEquals(40, r.frameCount());
            for (int t = 0; t < 40; t++) assertArrayEquals(TestFrames.noise(16, 8, t), r.frameRgb(t), "frame " + t);
        }
        try (VideoReader a = Video.open(mj, FF); VideoReader b = Video.open(mj)) {
            assertEquals(6, a.frameCount());
            for (int t = 0; t < 6; t++) assertTrue(TestFrames.psnr(a.frameRgb(t), b.frameRgb(t)) > 45, "frame " + t);
        }
    }

    @Test
    void audioTrackDecodesLikeTheCli() {
        Audio a = Video.readAudio(FixtureTest.fixture("tone_aac.m4a"));
        Audio ref = Video.readAudio(FixtureTest.fixture("tone_aac.m4a.ref.wav"));   // WAV: pure Java
        assertEquals(16000, a.sampleRate());
        assertEquals(2, a.channels());
        assertEquals(ref.length(), a.length());
        float max = 0;
        for (int i = 0; i < a.samples().length; i++) max = Math.max(max, Math.abs(a.samples()[i] - ref.samples()[i]));
        assertTrue(max < 1e-4, "max difference " + max);
        // The left channel is the 440 Hz tone: zero crossings every 1/880 s.
        int crossings = 0;
        for (int i = 2000; i < 6000; i++) if ((a.sample(0, i - 1) < 0) != (a.sample(0, i) < 0)) crossings++;
        assertEquals(220, crossings, 3);
        assertArrayEquals(new int[] {2, a.length()}, a.toTensor().shape());
    }

    @ParameterizedTest
    @CsvSource({"out.mp4, , h264, 30", "out.webm, , vp9, 30", "out.mkv, ffv1, ffv1, 40", "out.avi, mpeg4, mpeg4, 28"})
    void ffmpegWriterRoundTrips(String name, String encoder, String codec, double minPsnr) {
        assumeTrue(FfmpegWriter.encoders().contains(encoder == null ? (name.endsWith(".webm") ? "libvpx-vp9" : "libopenh264") : encoder));
        Path p = dir.resolve(name);
        int n = 12;
        try (FfmpegWriter w = FfmpegWriter.open(p, 64, 48, Rational.of(25, 1), encoder, 2_000_000)) {
            for (int t = 0; t < n; t++) w.writeRgb(TestFrames.frame(64, 48, t, 4), 0);
            assertEquals(n, w.framesWritten());
        }
        try (VideoReader r = Video.open(p)) {
            assertEquals("ffmpeg", r.backend());
            assertEquals(codec, r.info().codec());
            assertEquals(n, r.frameCount());
            assertEquals(Rational.of(25, 1), r.info().fps());
            for (int t = 0; t < n; t++) {
                double psnr = TestFrames.psnr(TestFrames.frame(64, 48, t, 4), r.frameRgb(t));
                assertTrue(psnr >= minPsnr, name + " frame " + t + ": PSNR " + psnr);
            }
        }
    }

    @Test
    void ffmpegWriterRejectsWhatItCannotDo() {
        assertThrows(IllegalArgumentException.class, () -> FfmpegWriter.open(dir.resolve("odd.mp4"), 63, 48, Rational.of(25, 1), null, 0));
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> FfmpegWriter.open(dir.resolve("x.mp4"), 64, 48, Rational.of(25, 1), "no-such-encoder", 0));
        assertTrue(e.getMessage().contains("no-such-encoder") && e.getMessage().contains("libopenh264"), e.getMessage());
    }

    @Test
    void garbageIsAClearError() throws Exception {
        Path p = dir.resolve("garbage.mp4");
        byte[] b = new byte[4000];
        new SplittableRandom(3).nextBytes(b);
        Files.write(p, b);
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> Video.open(p).close());
        assertTrue(e.getMessage().contains("garbage.mp4"), e.getMessage());
    }
}
