package dev.reel.video;

import dev.reel.video.internal.NaturalOrder;
import dev.reel.video.internal.RgbImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class ImageSequenceAndWavTest {
    @TempDir Path dir;

    @Test
    void naturalOrderComparesNumbersByValue() {
        List<String> names = new ArrayList<>(List.of("f10.png", "f2.png", "F1.png", "f002b.png", "f02a.png", "g.png"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("F1.png", "f2.png", "f02a.png", "f002b.png", "f10.png", "g.png"), names);
    }

    @Test
    void pngFolderReadsInNaturalOrderLosslessly() throws Exception {
        int w = 12, h = 10;
        for (int t : new int[] {10, 2, 1}) {
            ImageIO.write(RgbImages.fromRgb(TestFrames.noise(w, h, t), 0, w, h), "png", dir.resolve("img" + t + ".png").toFile());
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        try (VideoReader r = Video.open(dir, Video.Options.DEFAULT.withImageSequenceFps(Rational.of(5, 1)))) {
            assertEquals(3, r.frameCount());
            assertEquals(w, r.info().width());
            assertEquals(0.6, r.info().durationSeconds(), 1e-12);
            assertArrayEquals(TestFrames.noise(w, h, 1), r.frameRgb(0));
            assertArrayEquals(TestFrames.noise(w, h, 2), r.frameRgb(1));
            assertArrayEquals(TestFrames.noise(w, h, 10), r.frameRgb(2));
        }
    }

    @Test
    void imageOfTheWrongSizeIsNamed() throws Exception {
        ImageIO.write(RgbImages.fromRgb(TestFrames.noise(4, 4, 0), 0, 4, 4), "png", dir.resolve("a1.png").toFile());
        ImageIO.write(RgbImages.fromRgb(TestFrames.noise(5, 4, 0), 0, 5, 4), "png", dir.resolve("a2.png").toFile());
        try (VideoReader r = Video.open(dir)) {
            VideoFormatException e = assertThrows(VideoFormatException.class, () -> r.frameRgb(1));
            assertTrue(e.getMessage().contains("a2.png") && e.getMessage().contains("5x4, expected 4x4"), e.getMessage());
        }
    }

    @Test
    void wavRoundTripsAtEveryDepth() {
        int n = 1000;
        float[] s = new float[2 * n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) Math.sin(i * 0.05) * 0.9f;
            s[n + i] = (float) Math.cos(i * 0.11) * 0.5f;
        }
        Audio a = new Audio(16000, 2, s);
        for (int bits : new int[] {8, 16, 24, 32, -32}) {
            Path p = dir.resolve("a" + bits + ".wav");
            Wav.write(p, a, bits);
            Audio b = Wav.read(p);
            assertEquals(16000, b.sampleRate());
            assertEquals(2, b.channels());
            assertEquals(n, b.length());
            double tol = bits == -32 ? 0 : 1.0 / (1L << (Math.abs(bits) - 1));
            for (int i = 0; i < s.length; i++) assertEquals(s[i], b.samples()[i], tol, "bits " + bits + " sample " + i);
        }
    }

    @Test
    void wavWithoutDataChunkIsReported() throws Exception {
        Path p = dir.resolve("bad.wav");
        Wav.write(p, new Audio(8000, 1, new float[10]), 16);
        byte[] b = Files.readAllBytes(p);
        b[36] = 'x'; // rename 'data'
        Files.write(p, b);
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> Wav.read(p));
        assertTrue(e.getMessage().contains("bad.wav"), e.getMessage());
    }
}
