package dev.reel.video.sampling;

import dev.reel.engine.Generator;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ClipSamplerTest {
    static final Generator G = new Generator(0);

    @Test
    void uniformTakesSegmentCentres() {
        assertArrayEquals(new int[][] {{3, 11, 18, 26}}, ClipSampler.uniform(4).sample(30, G));
        assertArrayEquals(new int[][] {{0, 0, 1, 1}}, ClipSampler.uniform(4).sample(2, G), "short videos repeat frames");
    }

    @Test
    void randomCropStaysInsideAndVaries() {
        ClipSampler s = ClipSampler.randomCrop(4, 3);
        Generator g = new Generator(11);
        Set<Integer> starts = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            int[] c = s.sample(20, g)[0];
            assertEquals(4, c.length);
            for (int i = 1; i < 4; i++) assertEquals(3, c[i] - c[i - 1]);
            assertTrue(c[0] >= 0 && c[3] <= 19);
            starts.add(c[0]);
        }
        assertEquals(11, starts.size(), "every start 0..10 occurs");
        int[][] a = s.sample(20, new Generator(5)), b = s.sample(20, new Generator(5));
        assertArrayEquals(a, b, "same seed, same clip");
    }

    @Test
    void centerCropAndPadding() {
        assertArrayEquals(new int[][] {{3, 5, 7}}, ClipSampler.centerCrop(3, 2).sample(12, G));
        assertArrayEquals(new int[][] {{0, 2, 4, 4, 4}}, ClipSampler.centerCrop(5, 2).sample(5, G), "last frame repeats");
        assertArrayEquals(new int[][] {{0, 2, 4, 4, 4}}, ClipSampler.randomCrop(5, 2).sample(5, G));
    }

    @Test
    void slidingWindowsCoverTheVideo() {
        int[][] w = ClipSampler.slidingWindows(4, 1, 3).sample(10, G);
        assertArrayEquals(new int[][] {{0, 1, 2, 3}, {3, 4, 5, 6}, {6, 7, 8, 9}}, w);
        assertEquals(1, ClipSampler.slidingWindows(8, 1, 2).sample(5, G).length);
    }

    @Test
    void multiClipSpreadsStarts() {
        int[][] m = ClipSampler.multiClip(3, 2, 2).sample(11, G);
        assertArrayEquals(new int[][] {{0, 2}, {4, 6}, {8, 10}}, m);
        assertArrayEquals(new int[][] {{4, 5}}, ClipSampler.multiClip(1, 2, 1).sample(10, G));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipSampler.randomCrop(0, 1));
        assertTrue(e.getMessage().contains("randomCrop: length"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClipSampler.uniform(4).sample(0, G));
    }
}
