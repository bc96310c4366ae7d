package dev.reel.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionPositionalEncodingTest {
    @Test
    void withPositionsTheEncoderLearnsWhichMarkerCameFirst() {
        AttentionPositionalEncoding.Result r = AttentionPositionalEncoding.run(150, true, false);
        assertTrue(r.lastLoss() < r.firstLoss() / 4, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(r.accuracy() > 0.9, "held-out accuracy " + r.accuracy());
    }

    @Test
    void withoutPositionsTheEncoderCannotTellTheOrder() {
        // Attention and the mean over the sequence are both blind to order, so A..B and B..A look
        // the same: held-out accuracy stays at chance however long it trains.
        AttentionPositionalEncoding.Result r = AttentionPositionalEncoding.run(150, false, false);
        assertTrue(r.accuracy() < 0.6, "held-out accuracy " + r.accuracy());
    }
}
