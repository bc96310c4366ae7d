package dev.reel.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.Tensor;
import dev.reel.nn.optim.lr.CosineAnnealingLR;
import dev.reel.nn.optim.lr.LinearLR;
import dev.reel.nn.optim.lr.MultiStepLR;
import dev.reel.nn.optim.lr.ReduceLROnPlateau;
import dev.reel.nn.optim.lr.StepLR;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizer and scheduler steps checked against values worked out by hand. */
class OptimizerUnitTest {
    private static Tensor param(double... v) { return Tensor.fromArray(v).requiresGrad_(true); }

    private static void grad(Tensor p, double... g) { p.setGrad(Tensor.fromArray(g)); }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Tensor p = param(1.0, -2.0);
        var opt = new SGD(List.of(p), new SGD.Options().lr(0.1).momentum(0.5).weightDecay(0.1));
        grad(p, 1, 1);
        opt.step();   // d = g + 0.1 p = (1.1, 0.8); buf = d; p -= 0.1 d
        assertArrayEquals(new double[] {0.89, -2.08}, p.toDoubleArray(), 1e-12);
        grad(p, 1, 1);
        opt.step();   // d = (1.089, 0.792); buf = 0.5 (1.1, 0.8) + d = (1.639, 1.192)
        assertArrayEquals(new double[] {0.89 - 0.1639, -2.08 - 0.1192}, p.toDoubleArray(), 1e-12);
    }

    @Test
    void nesterovNeedsMomentum() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(1)), new SGD.Options().nesterov(true)));
        assertThrows(IllegalArgumentException.class, () -> new SGD.Options().lr(-1));
    }

    @Test
    void adamFirstStepMovesByLearningRate() {
        // after one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps) ≈ lr·sign(g)
        Tensor p = param(0.0, 0.0);
        var opt = new Adam(List.of(p), new Adam.Options().lr(0.01));
        grad(p, 3, -0.5);
        opt.step();
        assertArrayEquals(new double[] {-0.01, 0.01}, p.toDoubleArray(), 1e-8);
        assertEquals(1.0, opt.state(p).get("step"));
    }

    @Test
    void adamwDecaysWeightsDirectly() {
        Tensor p = param(2.0);
        var opt = new AdamW(List.of(p), new AdamW.Options().lr(0.1).weightDecay(0.5));
        grad(p, 0);
        opt.step();   // p = 2 (1 - 0.05); the Adam part is 0 for a zero gradient
        assertEquals(1.9, p.item(), 1e-12);
    }

    @Test
    void adagradAndRmspropFirstSteps() {
        Tensor a = param(1.0);
        var ada = new Adagrad(List.of(a), new Adagrad.Options().lr(0.5));
        grad(a, 2);
        ada.step();   // sum = 4, p -= 0.5 · 2 / (2 + 1e-10)
        assertEquals(0.5, a.item(), 1e-9);
        Tensor r = param(1.0);
        var rms = new RMSprop(List.of(r), new RMSprop.Options().lr(0.1).alpha(0.75));
        grad(r, 2);
        rms.step();   // s = 0.25 · 4 = 1, p -= 0.1 · 2 / (1 + 1e-8)
        assertEquals(0.8, r.item(), 1e-7);
    }

    @Test
    void zeroGradAndParamGroups() {
        Tensor a = param(1.0), b = param(1.0);
        var opt = SGD.ofGroups(List.of(new ParamGroup(List.of(a)).set("lr", 1.0), new ParamGroup(List.of(b))), new SGD.Options().lr(0.1));
        grad(a, 1);
        grad(b, 1);
        opt.step();
        assertEquals(0.0, a.item(), 1e-12);
        assertEquals(0.9, b.item(), 1e-12);
        opt.zeroGrad(false);
        assertEquals(0, a.grad().item());
        opt.zeroGrad();
        assertNull(a.grad());
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(new ParamGroup(List.of(a))));
    }

    @Test
    void stateDictHasPyTorchsStructureAndRestores() {
        Tensor a = param(1.0, 2.0), b = param(3.0);
        var opt = new Adam(List.of(a, b), new Adam.Options().lr(0.01));
        grad(a, 1, 2);
        opt.step();
        Optimizer.StateDict sd = opt.stateDict();
        assertEquals(List.of(0), List.copyOf(sd.state().keySet()), "b has no state: it had no gradient");
        assertEquals(List.of("step", "exp_avg", "exp_avg_sq"), List.copyOf(sd.state().get(0).keySet()));
        assertEquals(List.of(0, 1), sd.paramGroups().get(0).get("params"));
        assertEquals(0.01, sd.paramGroups().get(0).get("lr"));

        Tensor a2 = param(a.toDoubleArray()), b2 = param(3.0);
        var opt2 = new Adam(List.of(a2, b2), new Adam.Options().lr(0.5));
        opt2.loadStateDict(sd);
        assertEquals(0.01, opt2.paramGroups().get(0).lr());
        grad(a, 0.5, 0.5);
        grad(a2, 0.5, 0.5);
        opt.step();
        opt2.step();
        assertArrayEquals(a.toDoubleArray(), a2.toDoubleArray(), 0);
        var wrong = new Adam(List.of(param(1.0)), new Adam.Options());
        assertThrows(IllegalArgumentException.class, () -> wrong.loadStateDict(sd));
    }

    @Test
    void gradClipping() {
        Tensor a = param(0, 0), b = param(0);
        grad(a, 3, 0);
        grad(b, 4);
        double norm = GradClipping.clipGradNorm(List.of(a, b), 1.0, 2.0);
        assertEquals(5, norm, 1e-12);
        assertArrayEquals(new double[] {0.6, 0}, a.grad().toDoubleArray(), 1e-6);
        assertEquals(0.8, b.grad().item(), 1e-6);
        grad(a, 3, -0.2);
        GradClipping.clipGradValue(List.of(a), 0.5);
        assertArrayEquals(new double[] {0.5, -0.2}, a.grad().toDoubleArray(), 0);
        grad(a, 1, -7);
        assertEquals(7, GradClipping.clipGradNorm(List.of(a), 100, Double.POSITIVE_INFINITY), 0);
        assertArrayEquals(new double[] {1, -7}, a.grad().toDoubleArray(), 0);
    }

    private static List<Double> lrs(Runnable step, Optimizer opt, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(opt.paramGroups().get(0).lr());
            step.run();
        }
        return out;
    }

    @Test
    void schedulesByHand() {
        var opt = new SGD(List.of(param(0)), new SGD.Options().lr(1.0));
        var step = new StepLR(opt, 2, 0.5);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25), lrs(step::step, opt, 5));
        var opt2 = new SGD(List.of(param(0)), new SGD.Options().lr(1.0));
        var multi = new MultiStepLR(opt2, new int[] {1, 3}, 0.1);
        List<Double> m = lrs(multi::step, opt2, 4);
        assertEquals(1.0, m.get(0));
        assertEquals(0.1, m.get(1), 1e-15);
        assertEquals(0.01, m.get(3), 1e-15);
        var opt3 = new SGD(List.of(param(0)), new SGD.Options().lr(1.0));
        var cos = new CosineAnnealingLR(opt3, 2, 0);
        List<Double> c = lrs(cos::step, opt3, 3);
        assertEquals(1.0, c.get(0), 1e-15);
        assertEquals(0.5, c.get(1), 1e-15);
        assertEquals(0.0, c.get(2), 1e-15);
        var opt4 = new SGD(List.of(param(0)), new SGD.Options().lr(1.0));
        var warm = new LinearLR(opt4, 0.25, 1.0, 3);
        List<Double> w = lrs(warm::step, opt4, 5);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0, 1.0}, w.stream().mapToDouble(Double::doubleValue).toArray(), 1e-12);
    }

    @Test
    void plateauWaitsForPatience() {
        var opt = new SGD(List.of(param(0)), new SGD.Options().lr(1.0));
        var plateau = new ReduceLROnPlateau(opt, "min", 0.5, 1, 0, "abs", 1, 0.2, 1e-8);
        double[] losses = {3, 2, 2, 2, 2, 2, 2, 2};
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int i = 0; i < losses.length; i++) {
            plateau.step(losses[i]);
            assertEquals(expected[i], opt.paramGroups().get(0).lr(), 1e-15, "after epoch " + i);
        }
        for (int i = 0; i < 10; i++) plateau.step(2);
        assertEquals(0.2, opt.paramGroups().get(0).lr(), 1e-15, "min_lr is a floor");
        assertTrue(plateau.lastEpoch() > 0);
    }
}
