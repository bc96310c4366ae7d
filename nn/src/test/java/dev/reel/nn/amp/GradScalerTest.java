package dev.reel.nn.amp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.Linear;
import dev.reel.nn.optim.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradScalerTest {
    private static final Tensor X = Tensor.randn(new Generator(1), 8, 3), Y = Tensor.randn(new Generator(2), 8, 2);

    private static Linear layer() {
        Linear l = new Linear(3, 2);
        l.loadStateDict(Map.of("weight", Tensor.randn(new Generator(3), 2, 3), "bias", Tensor.randn(new Generator(4), 2)));
        return l;
    }

    @Test
    void startsAtTwoToTheSixteenAndScalesTheLoss() {
        GradScaler s = new GradScaler();
        assertEquals(65536.0, s.getScale());
        assertEquals(65536.0 * 3, s.scale(Tensor.scalar(3)).item());
        assertEquals(Map.of("scale", 65536.0, "growth_factor", 2.0, "backoff_factor", 0.5, "growth_interval", 2000,
                "_growth_tracker", 0), s.stateDict());
    }

    @Test
    void anInfGradientSkipsTheStepAndHalvesTheScale() {
        Linear l = layer();
        Tensor before = l.weight().detach().clone();
        SGD opt = new SGD(l.parameters(), new SGD.Options().lr(0.1));
        GradScaler s = new GradScaler();
        s.scale(F.mseLoss(l.call(X), Y)).backward();
        l.bias().grad().index(1).fill_(Double.POSITIVE_INFINITY); // the injected overflow
        assertFalse(s.step(opt));
        s.update();
        assertEquals(32768.0, s.getScale());
        assertEquals(0, s.growthTracker());
        assertArrayEquals(before.toFloatArray(), l.weight().toFloatArray(), "the skipped step left the weights alone");
        // a NaN is caught too, and the next clean step runs
        opt.zeroGrad();
        s.scale(F.mseLoss(l.call(X), Y)).backward();
        l.weight().grad().index(0, 0).fill_(Double.NaN);
        assertFalse(s.step(opt));
        s.update();
        assertEquals(16384.0, s.getScale());
        opt.zeroGrad();
        s.scale(F.mseLoss(l.call(X), Y)).backward();
        assertTrue(s.step(opt));
        s.update();
        assertEquals(1, s.growthTracker());
        assertFalse(java.util.Arrays.equals(before.toFloatArray(), l.weight().toFloatArray()));
    }

    @Test
    void cleanStepsGrowTheScaleEveryInterval() {
        Linear l = layer();
        SGD opt = new SGD(l.parameters(), new SGD.Options().lr(1e-3));
        GradScaler s = new GradScaler(1024, 2.0, 0.5, 3, true);
        double[] scales = new double[7];
        for (int i = 0; i < 7; i++) {
            opt.zeroGrad();
            s.scale(F.mseLoss(l.call(X), Y)).backward();
            assertTrue(s.step(opt));
            s.update();
            scales[i] = s.getScale();
        }
        assertArrayEquals(new double[] {1024, 1024, 2048, 2048, 2048, 4096, 4096}, scales);
        assertEquals(1, s.growthTracker());
    }

    @Test
    void unscaledGradientsEqualThoseOfAnUnscaledF32Run() {
        Linear a = layer(), b = layer();
        F.mseLoss(a.call(X), Y).backward();
        SGD opt = new SGD(b.parameters(), new SGD.Options().lr(0.1));
        GradScaler s = new GradScaler(4096, 2.0, 0.5, 2000, true);
        s.scale(F.mseLoss(b.call(X), Y)).backward();
        assertEquals(4096 * a.weight().grad().index(0, 0).item(), b.weight().grad().index(0, 0).item(), 1e-2);
        s.unscale_(opt);
        // a power-of-two scale divides exactly: the same bits as the unscaled run
        assertArrayEquals(a.weight().grad().toFloatArray(), b.weight().grad().toFloatArray());
        assertArrayEquals(a.bias().grad().toFloatArray(), b.bias().grad().toFloatArray());
        var e = assertThrows(IllegalStateException.class, () -> s.unscale_(opt));
        assertTrue(e.getMessage().contains("already been called"), e.getMessage());
        assertTrue(s.step(opt), "step() after unscale_() does not unscale again");
        s.update();
    }

    @Test
    void stateDictRoundTripsWithPyTorchsKeys() {
        GradScaler s = new GradScaler(8, 4.0, 0.25, 5, true);
        Linear l = layer();
        SGD opt = new SGD(l.parameters(), new SGD.Options());
        s.scale(F.mseLoss(l.call(X), Y)).backward();
        s.step(opt);
        s.update();
        Map<String, Object> sd = s.stateDict();
        assertEquals(List.of("scale", "growth_factor", "backoff_factor", "growth_interval", "_growth_tracker"), List.copyOf(sd.keySet()));
        GradScaler t = new GradScaler();
        t.loadStateDict(sd);
        assertEquals(sd, t.stateDict());
        assertThrows(IllegalArgumentException.class, () -> t.loadStateDict(Map.of("scale", -1.0, "_growth_tracker", 0)));
        assertThrows(IllegalStateException.class, () -> new GradScaler().update(), "update() needs a recorded inf check");
    }

    @Test
    void f16TrainingUnderAutocastLearns() {
        Linear l = layer();
        SGD opt = new SGD(l.parameters(), new SGD.Options().lr(0.05));
        GradScaler s = new GradScaler();
        double first = 0, last = 0;
        for (int i = 0; i < 40; i++) {
            opt.zeroGrad();
            Tensor loss;
            try (var ac = Autocast.f16()) {
                loss = F.mseLoss(l.call(X), Y);
            }
            s.scale(loss).backward();
            s.step(opt);
            s.update();
            if (i == 0) first = loss.item();
            last = loss.item();
        }
        assertEquals(DType.F32, l.weight().dtype());
        assertTrue(last < first * 0.7, "loss fell from " + first + " to " + last);
    }

    @Test
    void aDisabledScalerPassesThrough() {
        GradScaler s = new GradScaler(65536, 2, 0.5, 2000, false);
        Tensor loss = Tensor.scalar(2);
        assertEquals(loss, s.scale(loss));
        assertEquals(1.0, s.getScale());
        assertTrue(s.stateDict().isEmpty());
    }
}
