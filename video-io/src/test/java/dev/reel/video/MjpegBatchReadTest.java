package dev.reel.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Batch reads of MJPEG, which decode frames on several threads straight into the clip's array:
 * they equal frame-by-frame reads in both layouts, and a damaged frame in a batch is reported
 * (or replaced, when asked) as in a single-frame read.
 */
class MjpegBatchReadTest {
    @TempDir Path dir;
    static final int W = 40, H = 30, FRAMES = 24;

    private Path mjpeg(String name, float quality) {
        Path p = dir.resolve(name);
        try (VideoWriter wr = AviWriter.mjpeg(p, W, H, Rational.of(25, 1), quality)) {
            for (int t = 0; t < FRAMES; t++) wr.writeRgb(TestFrames.frame(W, H, t, 5), 0);
        }
        return p;
    }

    @Test
    void batchEqualsFrameByFrameInBothLayouts() {
        for (float q : new float[] {0.8f, 0.95f}) {  // 4:2:0 and 4:4:4
            try (VideoReader r = Video.open(mjpeg("q" + q + ".avi", q))) {
                int[] idx = {23, 0, 5, 5, 17, 1, 2, 3, 4, 6, 7, 8, 9, 22, 0};
                byte[] thwc = r.readRgb(idx, ClipLayout.THWC);
                byte[] cthw = r.readRgb(idx, ClipLayout.CTHW);
                int plane = W * H, frame = 3 * plane;
                for (int t = 0; t < idx.length; t++) {
                    byte[] f = r.frameRgb(idx[t]);
                    assertArrayEquals(f, Arrays.copyOfRange(thwc, t * frame, (t + 1) * frame), "THWC frame " + t);
                    for (int i = 0; i < plane; i++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(f[i * 3 + c], cthw[c * idx.length * plane + t * plane + i], "CTHW frame " + t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchWritesOnlyItsOwnRange() {
        try (VideoReader r = Video.open(mjpeg("v.avi", 0.9f))) {
            int frame = r.info().frameBytes();
            for (ClipLayout layout : ClipLayout.values()) {
                byte[] dst = new byte[5 + 8 * frame + 5];
                Arrays.fill(dst, (byte) 99);
                r.readRgb(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, layout, dst, 5);
                for (int i = 0; i < 5; i++) {
                    assertEquals(99, dst[i], layout + " before");
                    assertEquals(99, dst[dst.length - 1 - i], layout + " after");
                }
            }
        }
    }

    @Test
    void damagedFrameInABatchIsNamedOrReplaced() throws IOException {
        byte[] mj = Files.readAllBytes(mjpeg("good.avi", 0.8f));
        String text = new String(mj, StandardCharsets.ISO_8859_1);
        int seventh = -1;
        for (int at = text.indexOf("00dc"), seen = 0; at >= 0 && seventh < 0; at = text.indexOf("00dc", at + 4)) {
            if ((mj[at + 8] & 0xFF) == 0xFF && (mj[at + 9] & 0xFF) == 0xD8 && ++seen == 8) seventh = at + 8;  // frame 7's JPEG
        }
        for (int i = seventh + 2; i < seventh + 40; i++) mj[i] = (byte) 0x5A;  // wreck its headers
        Path p = dir.resolve("damaged.avi");
        Files.write(p, mj);
        int[] idx = {2, 4, 6, 7, 8, 10, 12, 14};
        Video.Options pure = Video.Options.DEFAULT.withBackend(Video.Backend.PURE_JAVA);
        try (VideoReader r = Video.open(p, pure)) {
            for (ClipLayout layout : ClipLayout.values()) {
                VideoFormatException e = assertThrows(VideoFormatException.class, () -> r.readRgb(idx, layout));
                assertTrue(e.getMessage().contains("frame 7") && e.getMessage().contains(p.toString()), e.getMessage());
            }
        }
        try (VideoReader r = Video.open(p, pure.withSkipDamagedFrames(true))) {
            byte[] clip = r.readRgb(idx, ClipLayout.THWC);
            int frame = r.info().frameBytes();
            assertArrayEquals(r.frameRgb(6), Arrays.copyOfRange(clip, 3 * frame, 4 * frame), "frame 7 replaced by frame 6");
            assertArrayEquals(r.frameRgb(8), Arrays.copyOfRange(clip, 4 * frame, 5 * frame));
            assertTrue(r.damagedFrames() >= 1);
        }
    }
}
