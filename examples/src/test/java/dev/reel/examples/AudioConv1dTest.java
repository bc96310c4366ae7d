package dev.reel.examples;

import dev.reel.nn.data.Example;
import dev.reel.video.Audio;
import dev.reel.video.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioConv1dTest {
    @Test
    void tellsTheNotesApartWellAboveChance(@TempDir Path root) {
        AudioConv1d.Result r = AudioConv1d.run(root, 60, 20, 4, false);
        assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        // Chance is 25 %; the notes are a semitone apart, so the filters must resolve pitch.
        assertTrue(r.finalAccuracy() >= 0.6, "validation accuracy " + r.finalAccuracy());
    }

    @Test
    void theWavFilesReadBackAsOneChannelTensors(@TempDir Path root) {
        AudioConv1d.writeNotes(root, 3, 7);
        var data = AudioConv1d.wavFolder(root);
        assertEquals(4 * 3, data.size());
        for (int i = 0; i < data.size(); i++) {
            Example e = data.get(i);
            assertArrayEquals(new int[] {1, AudioConv1d.SAMPLES}, e.input().shape());
            assertEquals(i / 3, (int) e.target().item(), "classes are numbered in sorted folder order");
        }
        // What was written is what is read, up to 16-bit rounding.
        Audio a = Wav.read(root.resolve("a3/0000.wav"));
        assertEquals(AudioConv1d.SAMPLE_RATE, a.sampleRate());
        float[] again = AudioConv1d.tone(AudioConv1d.HERTZ[0], new java.util.SplittableRandom(7));
        for (int i = 0; i < again.length; i++) assertEquals(again[i], a.samples()[i], 1.0 / 32768 + 1e-6, "sample " + i);
    }
}
