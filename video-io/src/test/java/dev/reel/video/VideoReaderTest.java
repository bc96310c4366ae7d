package dev.reel.video;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
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

    @Test
    void tensorsWrapTheDecodedFrames() {
        try (VideoReader r = Video.open(rawAvi(5))) {
            Tensor f = r.frame(2);
            assertEquals(DType.U8, f.dtype());
            assertArrayEquals(new int[] {6, 8, 3}, f.shape());
            assertArrayEquals(TestFrames.noise(8, 6, 2), f.toByteArray());
            assertArrayEquals(TestFrames.noise(8, 6, 3), r.frameAt(0.1).toByteArray());
            int[] idx = {1, 3};
            Tensor thwc = r.read(idx);
            Tensor cthw = r.read(idx, ClipLayout.CTHW);
            assertArrayEquals(new int[] {2, 6, 8, 3}, thwc.shape());
            assertArrayEquals(new int[] {3, 2, 6, 8}, cthw.shape());
            assertArrayEquals(thwc.permute(3, 0, 1, 2).contiguous().toByteArray(), cthw.toByteArray());
            int n = 0;
            for (Tensor t : r.frames()) assertArrayEquals(TestFrames.noise(8, 6, n++), t.toByteArray());
            assertEquals(5, n);
        }
    }

    @Test
    void writersTakeTensors() {
        Path p = dir.resolve("t.avi");
        byte[] clip = new byte[3 * 6 * 8 * 3];
        for (int t = 0; t < 3; t++) System.arraycopy(TestFrames.noise(8, 6, t), 0, clip, t * 144, 144);
        try (VideoWriter w = AviWriter.raw(p, 8, 6, Rational.of(30, 1))) {
            w.write(Tensor.wrap(clip, 3, 6, 8, 3));
            w.write(Tensor.wrap(TestFrames.noise(8, 6, 9), 6, 8, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(Tensor.zeros(DType.F32, 6, 8, 3)));
            assertTrue(e.getMessage().contains("U8"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.write(Tensor.zeros(DType.U8, 8, 6, 3)));
        }
        try (VideoReader r = Video.open(p)) {
            assertEquals(4, r.frameCount());
            assertArrayEquals(clip, r.read(new int[] {0, 1, 2}).toByteArray());
            assertArrayEquals(TestFrames.noise(8, 6, 9), r.frameRgb(3));
        }
    }

    @Test
    void audioAndSyntheticClipsAsTensors() {
        Audio a = new Audio(8000, 2, new float[] {1, 2, 3, 4, 5, 6});
        Tensor t = a.toTensor();
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray());
        SyntheticVideos.Clip c = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withFrames(4).withSize(16, 20)).clip(1);
        assertArrayEquals(new int[] {4, 16, 20, 3}, c.tensor().shape());
        assertArrayEquals(c.rgb(), c.tensor().toByteArray());
    }
}
