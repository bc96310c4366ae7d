package dev.reel.examples;

import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeTest {
    @Test
    void theElboImprovesAndTheVideosReadBack(@TempDir Path dir) {
        Vae.Result r = Vae.run(dir, 200, false);

        assertTrue(Double.isFinite(r.lastLoss()) && r.lastLoss() < 0.7 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.lastLoss());
        // A code that carries information about the clip costs KL > 0; a collapsed one (the decoder
        // ignoring z) would sit at 0.
        assertTrue(r.lastKl() > 1, "KL " + r.lastKl());
        assertTrue(r.heldOutMse() < 0.03, "held-out squared error per pixel " + r.heldOutMse());

        // Reconstructions: 4 originals above 4 reconstructions; samples: 8 decoded codes. Both 2 x 4 grids at 4x.
        for (Path p : new Path[] {r.reconstructions(), r.samples()}) {
            try (VideoReader v = Video.open(p)) {
                assertEquals(Vae.T, v.frameCount(), p.toString());
                assertEquals(4 * Vae.W * 4, v.info().width(), p.toString());
                assertEquals(2 * Vae.H * 4, v.info().height(), p.toString());
            }
        }
    }
}
