package dev.reel.examples;

import dev.reel.video.datasets.ImageFolderDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCnnTest {
    @Test
    void learnsTheShapesWellAboveChance(@TempDir Path root) {
        ImageCnn.Result r = ImageCnn.run(root, 60, 20, 4, false);

        // The folder the example wrote is a real ImageFolder: 4 classes, 20 validation images each,
        // and the transforms turn each into a normalized [3, 32, 32] image.
        var val = new ImageFolderDataset(root.resolve("val"), null, 0);
        assertEquals(ImageCnn.CLASSES, val.classNames());
        assertEquals(4 * 20, val.size());
        assertArrayEquals(new int[] {ImageCnn.HEIGHT, ImageCnn.WIDTH, 3}, val.get(0).input().shape());

        assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        // Chance is 25 %: the shapes differ only in outline, so this needs the convolutions to work.
        assertTrue(r.finalAccuracy() >= 0.6, "validation accuracy " + r.finalAccuracy());
    }
}
