package dev.reel.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VideoReaderTest {
    @TempDir Path dir;

    private Path rawAvi(int frames) {
        Path p = dir.resolve("v.avi");
        try (VideoWriter wr = AviWriter.raw(p, 8, 6, Rational.of(30, 1))) {
            for (int t = 0; t < frames; t++) wr.writeRgb(TestFrames.noise(8, 6, t), 0);
        }
        return p;
    }

    @Test
    void timeMapsToFrames() {
        try (VideoReader r = Video.open(rawAvi(30))) {
            assertEquals(1.0, r.info().durationSeconds(), 1e-12);
            assertEquals(0, r.indexAt(0));
            assertEquals(10, r.indexAt(1.0 / 3));
            assertEquals(29, r.indexAt(0.999));
            assertArrayEquals(TestFrames.noise(8, 6, 15), r.frameRgbAt(0.5));
            assertThrows(IllegalArgumentException.class, () -> r.indexAt(1.0));
            assertThrows(IllegalArgumentException.class, () -> r.indexAt(-0.1));
            assertThrows(IllegalArgumentException.class, () -> r.indexAt(Double.NaN));
        }
    }

    @Test
    void batchReadsInBothLayouts() {
        try (VideoReader r = Video.open(rawAvi(5))) {
            int[] idx = {4, 0, 2, 2};
            byte[] thwc = r.readRgb(idx, ClipLayout.THWC);
            byte[] cthw = r.readRgb(idx, ClipLayout.CTHW);
            int plane = 8 * 6;
            for (int t = 0; t < idx.length; t++) {
                byte[] f = TestFrames.noise(8, 6, idx[t]);
                for (int i = 0; i < plane; i++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(f[i * 3 + c], thwc[t * plane * 3 + i * 3 + c]);
                        assertEquals(f[i * 3 + c], cthw[c * idx.length * plane + t * plane + i]);
                    }
                }
            }
        }
    }

    @Test
    void iterationStreamsAllFrames() {
        try (VideoReader r = Video.open(rawAvi(4))) {
            List<byte[]> frames = new ArrayList<>();
            for (byte[] f : r) frames.add(f);
            assertEquals(4, frames.size());
            for (int t = 0; t < 4; t++) assertArrayEquals(TestFrames.noise(8, 6, t), frames.get(t));
        }
    }

    @Test
    void badIndicesAndClosedReadersSayWhatIsWrong() {
        VideoReader r = Video.open(rawAvi(3));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> r.frameRgb(3));
        assertTrue(e.getMessage().contains("frame 3 is out of range [0, 3)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> r.readRgb(new int[] {0, -1}, ClipLayout.THWC));
        r.close();
        assertThrows(IllegalStateException.class, () -> r.frameRgb(0));
    }
}
