package dev.reel.examples;

import dev.reel.nn.data.Example;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceLstmTest {
    @Test
    void theLstmRemembersTheFirstNumber() {
        SequenceLstm.Result r = SequenceLstm.run(10, 4096, 6, false);
        assertTrue(r.lastLoss() < 0.35, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        // Chance is 50 %, and looking at the last number alone gives 75 %: only memory of the first gets past that.
        assertTrue(r.finalAccuracy() >= 0.85, "validation accuracy " + r.finalAccuracy());
    }

    @Test
    void labelsCompareTheFirstAndLastNumbers() {
        var data = SequenceLstm.sequences(200, 7, 5);
        int ones = 0;
        for (int i = 0; i < data.size(); i++) {
            Example e = data.get(i);
            assertArrayEquals(new int[] {7, 1}, e.input().shape());
            float[] v = e.input().toFloatArray();
            for (float x : v) assertTrue(x >= -1 && x <= 1, "value " + x);
            assertEquals(v[0] > v[6] ? 1 : 0, (int) e.target().item());
            ones += (int) e.target().item();
            // a sample depends only on its index: reading it again gives the same numbers
            assertArrayEquals(v, data.get(i).input().toFloatArray());
        }
        assertTrue(ones > 60 && ones < 140, "label 1 on " + ones + " of 200 sequences");
    }
}
