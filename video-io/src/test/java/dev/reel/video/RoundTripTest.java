package dev.reel.video;

import dev.reel.video.internal.AviSource;
import dev.reel.video.internal.Y4mSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RoundTripTest {
    @TempDir Path dir;

    @Test
    void rawAviIsPixelExact() {
        Path p = dir.resolve("raw.avi");
        int w = 33, h = 21; // odd width: rows need DIB padding
        try (VideoWriter wr = AviWriter.raw(p, w, h, Rational.of(25, 1))) {
            for (int t = 0; t < 7; t++) wr.writeRgb(TestFrames.noise(w, h, t), 0);
        }
        try (VideoReader r = Video.open(p)) {
            VideoInfo info = r.info();
            assertEquals(w, info.width());
            assertEquals(h, info.height());
            assertEquals(7, info.frameCount());
            assertTrue(info.frameCountExact());
            assertEquals(Rational.of(25, 1), info.fps());
            assertEquals("rawvideo", info.codec());
            assertEquals("avi", r.backend());
            for (int t = 6; t >= 0; t--) assertArrayEquals(TestFrames.noise(w, h, t), r.frameRgb(t), "frame " + t);
        }
    }

    @Test
    void mjpegAviReachesFortyDecibels() {
        Path p = dir.resolve("mjpeg.avi");
        int w = 64, h = 48;
        try (VideoWriter wr = AviWriter.mjpeg(p, w, h, Rational.of(30000, 1001), 0.97f)) {
            for (int t = 0; t < 10; t++) wr.writeRgb(TestFrames.frame(w, h, t, 1), 0);
        }
        try (VideoReader r = Video.open(p)) {
            assertEquals(10, r.frameCount());
            assertEquals("mjpeg", r.info().codec());
            assertEquals("yuvj444p", r.info().pixelFormat());
            assertEquals(Rational.of(30000, 1001), r.info().fps());
            for (int t = 0; t < 10; t++) {
                double psnr = TestFrames.psnr(TestFrames.frame(w, h, t, 1), r.frameRgb(t));
                assertTrue(psnr >= 40, "frame " + t + " PSNR " + psnr);
            }
        }
    }

    @Test
    void y4mPlanesArePixelExact() {
        Path p = dir.resolve("planes.y4m");
        int w = 17, h = 9;
        byte[][] frames = new byte[4][];
        try (Y4mWriter wr = new Y4mWriter(p, w, h, Rational.of(24, 1))) {
            for (int t = 0; t < frames.length; t++) {
                frames[t] = new byte[wr.planeBytes()];
                new java.util.SplittableRandom(t).nextBytes(frames[t]);
                wr.writePlanes(frames[t], 0);
            }
        }
        try (Y4mSource s = new Y4mSource(p, null)) {
            assertEquals(4, s.info().frameCount());
            for (int t = 0; t < frames.length; t++) {
                byte[] got = new byte[s.planeBytes()];
                s.readPlanes(t, got, 0);
                assertArrayEquals(frames[t], got);
            }
        }
    }

    @Test
    void y4mRgbRoundTripIsCloseInEveryChromaFormat() {
        int w = 64, h = 48;
        for (Y4mWriter.Chroma c : Y4mWriter.Chroma.values()) {
            for (YuvMatrix m : YuvMatrix.values()) {
                for (boolean full : new boolean[] {false, true}) {
                    Path p = dir.resolve("rgb-" + c + m + full + ".y4m");
                    try (Y4mWriter wr = new Y4mWriter(p, w, h, Rational.of(30, 1), c, m, full)) {
                        for (int t = 0; t < 3; t++) wr.writeRgb(TestFrames.frame(w, h, t, 2), 0);
                    }
                    try (VideoReader r = Video.open(p, Video.Options.DEFAULT.withYuvMatrix(m))) {
                        assertEquals(3, r.frameCount());
                        for (int t = 0; t < 3; t++) {
                            byte[] want = TestFrames.frame(w, h, t, 2), got = r.frameRgb(t);
                            String what = c + " " + m + " full=" + full + " frame " + t;
                            if (c == Y4mWriter.Chroma.C444) {
                                // Only 8-bit quantisation of Y, Cb, Cr: a couple of levels at most.
                                assertTrue(TestFrames.maxAbsDiff(want, got) <= (full ? 2 : 3), what + ": max diff " + TestFrames.maxAbsDiff(want, got));
                            } else {
                                assertTrue(TestFrames.psnr(want, got) > 30, what + ": PSNR " + TestFrames.psnr(want, got));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void solidColoursSurviveSubsampling() {
        int w = 16, h = 16;
        byte[] red = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) { red[3 * i] = (byte) 200; red[3 * i + 1] = 30; red[3 * i + 2] = 60; }
        Path p = dir.resolve("red.y4m");
        try (Y4mWriter wr = new Y4mWriter(p, w, h, Rational.of(1, 1))) { wr.writeRgb(red, 0); }
        try (VideoReader r = Video.open(p)) {
            assertTrue(TestFrames.maxAbsDiff(red, r.frameRgb(0)) <= 2);
        }
    }

    @Test
    void openDmlSegmentsReadThroughEveryIndex() {
        Path p = dir.resolve("segments.avi");
        int w = 16, h = 8, n = 40;
        try (VideoWriter wr = AviWriter.raw(p, w, h, Rational.of(25, 1), 4000)) {   // ~9 frames per RIFF
            for (int t = 0; t < n; t++) wr.writeRgb(TestFrames.noise(w, h, t), 0);
        }
        try (AviSource odml = new AviSource(p); AviSource scan = new AviSource(p, AviSource.IndexChoice.SCAN);
             AviSource idx1 = new AviSource(p, AviSource.IndexChoice.IDX1)) {
            assertEquals("indx", odml.indexSource());
            assertEquals(n, odml.info().frameCount());
            assertEquals(n, scan.info().frameCount());
            assertTrue(idx1.info().frameCount() < n, "idx1 covers the first RIFF only");
            byte[] a = new byte[w * h * 3], b = new byte[w * h * 3];
            for (int t = 0; t < n; t++) {
                odml.readRgb(t, a, 0);
                scan.readRgb(t, b, 0);
                assertArrayEquals(TestFrames.noise(w, h, t), a, "frame " + t);
                assertArrayEquals(a, b);
            }
        }
    }

    @Test
    void aviIndexesAgree() {
        Path p = dir.resolve("idx.avi");
        try (VideoWriter wr = AviWriter.mjpeg(p, 32, 24, Rational.of(10, 1), 0.9f)) {
            for (int t = 0; t < 5; t++) wr.writeRgb(TestFrames.frame(32, 24, t, 3), 0);
        }
        try (AviSource a = new AviSource(p, AviSource.IndexChoice.IDX1);
             AviSource b = new AviSource(p, AviSource.IndexChoice.SCAN);
             AviSource c = new AviSource(p)) {
            assertEquals("indx", c.indexSource());
            assertEquals(a.info(), c.info());
            assertEquals("idx1", a.indexSource());
            assertEquals("scan", b.indexSource());
            assertEquals(a.info(), b.info());
            byte[] x = new byte[32 * 24 * 3], y = new byte[32 * 24 * 3];
            for (int t = 0; t < 5; t++) {
                a.readRgb(t, x, 0);
                b.readRgb(t, y, 0);
                assertArrayEquals(x, y);
            }
        }
    }
}
