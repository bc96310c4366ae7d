package dev.reel.nn.metrics;

import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed cases and error messages. */
class StatScoresTest {
    @Test
    void classIndexPredictionsByHand() {
        // targets 0 0 1 1 2, predictions 0 1 1 1 0: tp = [1, 2, 0], fp = [1, 1, 0], fn = [1, 0, 1]
        StatScores s = new StatScores(3, 1);
        s.update(Tensor.fromArray(new long[] {0, 1, 1, 1, 0}), Tensor.fromArray(new long[] {0, 0, 1, 1, 2}));
        assertEquals(3.0 / 5, s.accuracy(Average.MICRO), 1e-15);
        assertEquals((0.5 + 1 + 0) / 3, s.recall(Average.MACRO), 1e-15);
        assertEquals((0.5 + 2.0 / 3 + 0) / 3, s.precision(Average.MACRO), 1e-15);
        // weighted by support 2, 2, 1
        assertEquals((2 * 0.5 + 2 * 1 + 0) / 5, s.recall(Average.WEIGHTED), 1e-15);
        assertEquals(4, s.tn()[2]);
    }

    @Test
    void badTargetsAreNamed() {
        StatScores s = new StatScores(3, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> s.update(Tensor.fromArray(new long[] {0, 1}), Tensor.fromArray(new long[] {0, 7})));
        assertTrue(e.getMessage().contains("target 1 is class 7 but there are 3 classes"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new StatScores(3, 4));
        assertTrue(e2.getMessage().contains("topK must be in 1..3"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> s.update(Tensor.zeros(2, 4), Tensor.fromArray(new long[] {0, 1})));
        assertTrue(e3.getMessage().contains("scores must be [2, 3]"), e3.getMessage());
    }
}
