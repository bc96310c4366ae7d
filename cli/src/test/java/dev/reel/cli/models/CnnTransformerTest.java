package dev.reel.cli.models;

import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CnnTransformerTest {
    @Test
    void timeOrderChangesTheOutputThroughThePositionCode() {
        Reel.manualSeed(3);
        var m = new CnnTransformer(4, 16, 16, 4, 16);
        m.eval();
        Tensor x = Tensor.randn(2, 3, 5, 16, 16);
        try (var g = Grad.off()) {
            Tensor y = m.call(x), reversed = m.call(x.flip(2));
            assertArrayEquals(new int[] {2, 4}, y.shape());
            // Attention and the mean are blind to order; only the position code can tell a clip from its reverse.
            double diff = y.sub(reversed).abs().max().item();
            assertTrue(diff > 1e-4, "a clip and its time reversal gave the same logits: " + diff);
        }
    }

    @Test
    void badShapesNameTheModel() {
        var m = new CnnTransformer(4, 16, 16, 4, 16);
        var e = assertThrows(IllegalArgumentException.class, () -> m.call(Tensor.zeros(1, 1, 4, 16, 16)));
        assertEquals("cnn-transformer: expected clips [B, 3, T, H, W], got [1, 1, 4, 16, 16]", e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> new CnnTransformer(4, 16, 16, 4, 18));
        assertEquals("cnn-transformer: d_model must be a positive multiple of 4, got 18", d.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> new CnnTransformer(4, 20, 16, 4, 16));
        assertTrue(s.getMessage().startsWith("cnn-transformer: frame size 16x20 must be a multiple of 8"), s.getMessage());
    }
}
