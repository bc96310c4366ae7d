package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.testing.LayerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DropoutEmbeddingTest {
    @Test
    void dropoutTrainsAndEvaluates() {
        Tensor x = Tensor.ones(1000);
        var d = new Dropout(0.25);
        Tensor y = d.call(x);
        double kept = y.ne(0).toFloat().sum().item();
        assertTrue(kept > 650 && kept < 850, "about 75% kept, got " + kept);
        assertEquals(1 / 0.75, y.max().item(), 1e-6);
        d.eval();
        assertTrue(d.call(x).equal(x));
        Tensor frames = Tensor.ones(2, 8, 3, 4, 4);
        Tensor z = new Dropout3d(0.5).call(frames);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 8; c++) {
                Tensor ch = z.select(0, n).select(0, c);
                assertTrue(ch.eq(0).all().itemBoolean() || ch.eq(2).all().itemBoolean(), "whole channels are dropped");
            }
        }
        assertArrayEquals(new int[] {2, 4, 5}, new Dropout1d(0.1).call(Tensor.ones(2, 4, 5)).shape());
        assertArrayEquals(new int[] {2, 4, 5, 5}, new Dropout2d(0.1).call(Tensor.ones(2, 4, 5, 5)).shape());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void embeddingMatchesPyTorch(DType dtype) {
        LayerFixture.load("embedding_padding_idx", dtype).check(
                kw -> new Embedding(kw.get("num_embeddings").asInt(), kw.get("embedding_dim").asInt(), kw.get("padding_idx").asInt()),
                (m, in) -> List.of(((Embedding) m).call(in.get("input"))));
    }

    @Test
    void embeddingInitAndErrors() {
        var e = new Embedding(5, 3, -1);
        assertEquals(0, e.weight().select(0, 4).abs().sum().item(), "the padding row starts at zero");
        assertEquals("Embedding(5, 3, padding_idx=4)", e.toString().lines().findFirst().orElseThrow().split("  #")[0]);
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5));
        assertArrayEquals(new int[] {2, 2, 3}, e.call(Tensor.fromArray(new long[] {0, 1, 2, 4}).reshape(2, 2)).shape());
        LinearAndActivationsTest.gradCheckLayer(new Embedding(4, 2), Tensor.fromArray(new long[] {1, 3, 1}));
    }
}
