package dev.reel.examples;

import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoCnnLstmFromFilesTest {
    @Test
    void trainsFromAviFilesAndBeatsChance(@TempDir Path dir) throws Exception {
        VideoCnnLstmFromFiles.Result r = VideoCnnLstmFromFiles.run(dir, 10, 8, false);

        // The videos are on disk in the folder layout, and read back with the written size.
        assertEquals(List.of("circle_down", "circle_left", "circle_right", "circle_up"), r.classNames());
        try (Stream<Path> files = Files.list(dir.resolve("train").resolve("circle_up"))) {
            assertEquals(10, files.filter(p -> p.toString().endsWith(".avi")).count());
        }
        try (VideoReader v = Video.open(dir.resolve("val").resolve("circle_left").resolve("circle_left_00004.avi"))) {
            assertEquals(VideoCnnLstmFromFiles.VIDEO_FRAMES, v.frameCount());
            assertEquals(32, v.info().width());
        }

        assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "train loss " + r.firstLoss() + " -> " + r.lastLoss());
        // 4 classes: chance is 25 %; one frame alone cannot tell the direction.
        assertTrue(r.accuracy() >= 0.6, "validation accuracy " + r.accuracy());
    }
}
