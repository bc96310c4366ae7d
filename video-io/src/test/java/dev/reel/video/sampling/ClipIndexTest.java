package dev.reel.video.sampling;

import dev.reel.video.AviWriter;
import dev.reel.video.Rational;
import dev.reel.video.Video;
import dev.reel.video.VideoWriter;
import dev.reel.video.datasets.ClipDataset;
import dev.reel.video.datasets.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClipIndexTest {
    @TempDir Path dir;

    private Path video(String name, int frames) throws Exception {
        Path p = dir.resolve(name);
        try (VideoWriter w = AviWriter.raw(p, 4, 2, Rational.of(10, 1))) {
            for (int t = 0; t < frames; t++) {
                byte[] f = new byte[4 * 2 * 3];
                java.util.Arrays.fill(f, (byte) t);
                w.writeRgb(f, 0);
            }
        }
        return p;
    }

    @Test
    void numbersEveryWindowAndUsesTheCache() throws Exception {
        List<Path> videos = List.of(video("a.avi", 10), video("b.avi", 3), video("c.avi", 20));
        Path cache = dir.resolve("cache/clips.tsv");
        ClipIndex idx = ClipIndex.build(videos, 4, 2, 3, cache, Video.Options.DEFAULT);
        assertEquals(2 + 0 + 5, idx.size());
        assertEquals(0, idx.get(1).video());
        assertArrayEquals(new int[] {3, 5, 7, 9}, idx.get(1).frames());
        assertEquals(2, idx.get(2).video(), "the 3-frame video is shorter than a clip and has none");
        assertArrayEquals(new int[] {12, 14, 16, 18}, idx.get(6).frames());
        assertThrows(IndexOutOfBoundsException.class, () -> idx.get(7));
        assertTrue(Files.isRegularFile(cache));

        // A cached count is used as it is (here made up, to prove no file was opened) ...
        String text = Files.readString(cache).replaceFirst("(a\\.avi\\t[^\\t]+\\t)10\\t", "$1" + "13\t");
        Files.writeString(cache, text);
        assertEquals(3 + 0 + 5, ClipIndex.build(videos, 4, 2, 3, cache, Video.Options.DEFAULT).size());
        // ... until the file changes.
        Files.setLastModifiedTime(videos.get(0), FileTime.fromMillis(Files.getLastModifiedTime(videos.get(0)).toMillis() + 5000));
        assertEquals(7, ClipIndex.build(videos, 4, 2, 3, cache, Video.Options.DEFAULT).size());
    }

    @Test
    void clipDatasetReadsEachWindow() throws Exception {
        List<Path> videos = List.of(video("a.avi", 8), video("b.avi", 8));
        ClipIndex idx = ClipIndex.build(videos, 2, 1, 4, null, Video.Options.DEFAULT);
        ClipDataset d = new ClipDataset(idx, new int[] {3, 5}, null, 0);
        assertEquals(4, d.size());
        Sample s = d.get(3);
        assertEquals(5, s.label());
        assertArrayEquals(new int[] {2, 2, 4, 3}, s.input().shape());
        assertEquals(4, s.input().toByteArray()[0]);
        assertEquals(5, s.input().toByteArray()[24]);
    }
}
