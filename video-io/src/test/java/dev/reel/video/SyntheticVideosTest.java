package dev.reel.video;

import dev.reel.nn.data.Dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticVideosTest {
    @TempDir Path dir;

    @Test
    void sameSeedSameClipsInAnyOrder() {
        SyntheticVideos a = new SyntheticVideos(SyntheticVideos.Config.DEFAULT);
        SyntheticVideos b = new SyntheticVideos(SyntheticVideos.Config.DEFAULT);
        SyntheticVideos.Clip late = b.clip(5);
        for (int i = 0; i < 3; i++) b.clip(i);
        assertArrayEquals(a.clip(5).rgb(), late.rgb());
        assertFalse(java.util.Arrays.equals(a.clip(5).rgb(), a.clip(13).rgb()), "same class, different clips");
        SyntheticVideos other = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withSeed(99));
        assertFalse(java.util.Arrays.equals(a.clip(5).rgb(), other.clip(5).rgb()));
    }

    @Test
    void labelsCycleAndNamesMatch() {
        SyntheticVideos s = new SyntheticVideos(SyntheticVideos.Config.DEFAULT);
        assertEquals(List.of("circle_left", "circle_right", "circle_up", "circle_down",
                "cross_left", "cross_right", "cross_up", "cross_down"), s.classNames());
        int[] counts = new int[8];
        for (int i = 0; i < 80; i++) counts[s.clip(i).label()]++;
        for (int c : counts) assertEquals(10, c);
        SyntheticVideos.Clip c = s.clip(3);
        assertEquals(16 * 64 * 64 * 3, c.rgb().length);
        assertEquals(List.of("circle_left", "circle_right"), new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withNumClasses(2)).classNames());
    }

    @Test
    void targetMovesInTheLabelledDirectionAndIsDrawnThere() {
        SyntheticVideos.Config cfg = SyntheticVideos.Config.DEFAULT.withNoise(0).withDistractors(0).withSize(48, 80);
        for (int label = 0; label < 16; label++) {
            for (int rep = 0; rep < 5; rep++) {
                byte[] rgb = new byte[cfg.frames() * 48 * 80 * 3];
                double[] path = new ClipPainter(cfg, new dev.reel.video.internal.PhiloxStream(label * 31 + rep), label / 4, label % 4).paint(rgb, 0);
                int t = cfg.frames() - 1;
                double dx = path[2 * t] - path[0], dy = path[2 * t + 1] - path[1];
                switch (label % 4) {
                    case 0 -> assertTrue(dx < -10 && dy == 0, "left: " + dx + "," + dy);
                    case 1 -> assertTrue(dx > 10 && dy == 0, "right: " + dx + "," + dy);
                    case 2 -> assertTrue(dy < -10 && dx == 0, "up: " + dx + "," + dy);
                    default -> assertTrue(dy > 10 && dx == 0, "down: " + dx + "," + dy);
                }
                for (int f = 0; f <= t; f++) {
                    int x = (int) path[2 * f], y = (int) path[2 * f + 1];
                    assertTrue(x >= 0 && x < 80 && y >= 0 && y < 48, "centre inside the frame");
                    int p = ((f * 48 + y) * 80 + x) * 3;
                    int max = Math.max(rgb[p] & 0xFF, Math.max(rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF));
                    assertEquals(255, max, "the target's saturated colour at its centre, frame " + f);
                }
            }
        }
    }

    @Test
    void inverseNormalIsAccurate() {
        assertEquals(0, ClipPainter.inverseNormal(0.5), 1e-12);
        assertEquals(1.959963984540054, ClipPainter.inverseNormal(0.975), 1e-8);
        assertEquals(-2.326347874040841, ClipPainter.inverseNormal(0.01), 1e-8);
    }

    @Test
    void writesAVideoFolderThatReadsBack() {
        SyntheticVideos s = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withNumClasses(4).withFrames(6).withSize(32, 40));
        for (SyntheticVideos.Format f : SyntheticVideos.Format.values()) {
            Path root = dir.resolve(f.name());
            List<Path> files = s.writeTo(root, 2, f);
            assertEquals(8, files.size());
            assertTrue(Files.isRegularFile(root.resolve("circle_up").resolve("circle_up_00002" + f.extension())));
            try (VideoReader r = Video.open(files.get(5))) {
                assertEquals(6, r.frameCount());
                assertEquals(40, r.info().width());
                assertEquals(32, r.info().height());
                byte[] want = s.clip(5).rgb(), got = r.readRgb(new int[] {0, 1, 2, 3, 4, 5}, ClipLayout.THWC);
                if (f == SyntheticVideos.Format.AVI_RAW) assertArrayEquals(want, got);
                else assertTrue(TestFrames.psnr(want, got) > 28, f + ": PSNR " + TestFrames.psnr(want, got));
            }
        }
    }

    @Test
    void datasetViewsAreIndexRanges() {
        SyntheticVideos s = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withFrames(4).withSize(16, 16));
        Dataset<dev.reel.video.datasets.Sample> val = s.dataset(1000, 5, dev.reel.video.transforms.ToFloat.scaled());
        assertEquals(5, val.size());
        dev.reel.video.datasets.Sample x = val.get(2);
        assertEquals(s.label(1002), x.label());
        assertArrayEquals(new int[] {4, 16, 16, 3}, x.input().shape());
        assertEquals((s.clip(1002).rgb()[7] & 0xFF) / 255f, x.input().toFloatArray()[7], 1e-6f);
        assertThrows(IndexOutOfBoundsException.class, () -> val.get(5));
    }
}
