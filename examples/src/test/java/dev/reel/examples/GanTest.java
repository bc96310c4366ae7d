package dev.reel.examples;

import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTest {
    @Test
    void aFewStepsMoveTheGeneratedClipsTowardsTheDataAndWriteAVideo(@TempDir Path dir) {
        Gan.Result r = Gan.run(dir, 80, false);

        for (double loss : new double[] {r.firstDLoss(), r.lastDLoss(), r.firstGLoss(), r.lastGLoss()}) {
            assertTrue(Double.isFinite(loss) && loss > 0, "losses " + r);
        }
        // The untrained generator makes flat grey clips; after 80 steps their colour, contrast and
        // motion statistics are much closer to the real clips'.
        assertTrue(r.gapAfter() < 0.7 * r.gapBefore(), "statistics gap " + r.gapBefore() + " -> " + r.gapAfter());
        assertTrue(r.realAccuracy() >= 0 && r.realAccuracy() <= 1 && r.fakeAccuracy() >= 0 && r.fakeAccuracy() <= 1, "accuracies " + r);

        // 8 clips of 8 frames of 16x16, in a 2 x 4 grid at 4x: 256 x 128 pixels, 8 frames.
        try (VideoReader v = Video.open(r.video())) {
            assertEquals(Gan.T, v.frameCount());
            assertEquals(4 * Gan.W * 4, v.info().width());
            assertEquals(2 * Gan.H * 4, v.info().height());
        }
    }
}
