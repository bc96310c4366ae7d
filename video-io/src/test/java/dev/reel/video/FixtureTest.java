package dev.reel.video;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files made by FFmpeg (tools/fixtures/make_videos.sh) read by the pure-Java readers, compared
 * with the frames the ffmpeg CLI decoded. Tolerances: raw BGR is exact; YUV sources differ from
 * swscale's fixed-point conversion by a few levels; MJPEG by the decoders' IDCT rounding (4:2:0
 * chroma is replicated over each 2x2 block by both, as FFmpeg's unscaled converter does).
 */
class FixtureTest {
    static Path fixture(String name) {
        try {
            return Path.of(FixtureTest.class.getResource("/fixtures/video/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] reference(String name) {
        try (InputStream in = new GZIPInputStream(FixtureTest.class.getResourceAsStream("/fixtures/video/" + name + ".rgb.gz"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "yuv420.y4m, 30, y4m, rawvideo, yuv420p, 3, 40",
        "yuv422.y4m, 5, y4m, rawvideo, yuv422p, 3, 40",
        "yuv444.y4m, 5, y4m, rawvideo, yuv444p, 3, 45",
        "yuv420p10.y4m, 5, y4m, rawvideo, yuv420p10le, 3, 40",
        "raw_bgr24.avi, 5, avi, rawvideo, bgr24, 0, 99",
        "raw_i420.avi, 5, avi, rawvideo, yuv420p, 3, 40",
        "mjpeg.avi, 30, avi, mjpeg, yuvj444p, 3, 55",
        "mjpeg420.avi, 5, avi, mjpeg, yuvj420p, 4, 40",
    })
    void matchesFfmpegReference(String name, int frames, String backend, String codec, String pixFmt,
                                int maxDiff, double minPsnr) {
        byte[] ref = reference(name);
        try (VideoReader r = Video.open(fixture(name))) {
            VideoInfo info = r.info();
            assertEquals(backend, r.backend());
            assertEquals(64, info.width());
            assertEquals(48, info.height());
            assertEquals(frames, info.frameCount());
            assertEquals(Rational.of(30, 1), info.fps());
            assertEquals(codec, info.codec());
            assertEquals(pixFmt, info.pixelFormat());
            assertEquals(ref.length, frames * info.frameBytes());
            byte[] all = r.readRgb(java.util.stream.IntStream.range(0, frames).toArray(), ClipLayout.THWC);
            int diff = TestFrames.maxAbsDiff(ref, all);
            double psnr = TestFrames.psnr(ref, all);
            System.out.printf("%s: max diff %d, PSNR %.2f dB%n", name, diff, psnr);
            assertTrue(diff <= maxDiff, name + ": max difference " + diff + " > " + maxDiff);
            assertTrue(psnr >= minPsnr, name + ": PSNR " + psnr + " < " + minPsnr);
        }
    }
}
