package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class DropoutOpsTest {
    private final Generator g = new Generator(5);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void evaluationAndZeroProbabilityAreTheIdentity() {
        Tensor x = Tensor.randn(g, 3, 4);
        assertSame(x, F.dropout(x, 0.5, false));
        assertSame(x, F.dropout(x, 0.0, true));
        Tensor planes = Tensor.zeros(2, 2, 2);
        assertSame(planes, F.dropout2d(planes, 0.5, false));
    }

    @Test
    void keepsAboutOneMinusPAndScalesSurvivors() {
        float[] y = F.dropout(Tensor.ones(20000), 0.3, true, new Generator(1)).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.7f, v, 1e-6f);
        }
        assertEquals(0.3, zeros / 20000.0, 0.02);
        assertArrayEquals(new float[6], F.dropout(Tensor.ones(2, 3), 1.0, true).toFloatArray());
    }

    @Test
    void theSeedFixesTheMask() {
        Tensor x = Tensor.ones(64);
        assertArrayEquals(F.dropout(x, 0.5, true, new Generator(9)).toFloatArray(),
                F.dropout(x, 0.5, true, new Generator(9)).toFloatArray());
        Reel.manualSeed(4);
        float[] a = F.dropout(x, 0.5, true).toFloatArray();
        Reel.manualSeed(4);
        assertArrayEquals(a, F.dropout(x, 0.5, true).toFloatArray());
    }

    @Test
    void channelDropoutZeroesWholeChannels() {
        Tensor y2 = F.dropout2d(Tensor.ones(4, 8, 3, 5), 0.5, true, new Generator(2)).reshape(32, 15);
        Tensor y3 = F.dropout3d(Tensor.ones(8, 2, 3, 2), 0.5, true, new Generator(3)).reshape(8, 12);   // unbatched (C, D, H, W)
        Tensor y1 = F.dropout1d(Tensor.ones(3, 6, 7), 0.5, true, new Generator(4)).reshape(18, 7);
        int dropped = 0;
        for (Tensor y : new Tensor[] {y2, y3, y1}) {
            for (Tensor row : y.unbind(0)) {
                double lo = row.min().item(), hi = row.max().item();
                assertEquals(lo, hi, 0, "a channel is all dropped or all kept");
                assertTrue(lo == 0 || lo == 2.0);
                if (lo == 0) dropped++;
            }
        }
        assertTrue(dropped > 10 && dropped < 48, "about half of 58 channels dropped, got " + dropped);
    }

    @Test
    void gradients() {
        // a fresh generator with the same seed gives the same mask on every evaluation
        GradCheck.check(t -> F.dropout(t[0], 0.4, true, new Generator(5)), rnd(3, 5));
        GradCheck.check(t -> F.dropout2d(t[0].transpose(2, 3), 0.5, true, new Generator(6)), rnd(2, 3, 2, 2));
        GradCheck.check(t -> F.dropout3d(t[0], 0.25, true, new Generator(7)), rnd(3, 2, 1, 2));
        GradCheck.checkGradGrad(t -> F.dropout(t[0], 0.5, true, new Generator(8)).square(), rnd(2, 3));
        Tensor x = rnd(4);
        F.dropout(x, 1.0, true).sum().backward();
        assertArrayEquals(new double[4], x.grad().toDoubleArray());
    }

    @Test
    void errorsNameTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.dropout(Tensor.ones(2), 1.5, true));
        assertEquals("dropout: dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.dropout2d(Tensor.ones(2, 3), 0.5, true));
        assertEquals("dropout2d: expected a 3-D (unbatched) or 4-D (batched) input, got shape [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.dropout3d(Tensor.ones(1, 1, 1, 1, 1, 1), Double.NaN, true));
        assertEquals("dropout3d: dropout probability has to be between 0 and 1, but got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.dropout(Tensor.arange(3), 0.5, true));
        assertEquals("dropout: expected a floating point input, got torch.int64", e.getMessage());
    }
}
