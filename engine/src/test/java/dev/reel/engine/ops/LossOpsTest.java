package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class LossOpsTest {
    private final Generator g = new Generator(77);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor probs(int... shape) { return Tensor.rand(g, DType.F64, shape).mul(0.8).add(0.1).detach().requiresGrad_(true); }

    @Test
    void crossEntropyEqualsLogSoftmaxPick() {
        Tensor logits = Tensor.fromArray(new double[][] {{1, 2, 3}, {1, 1, 1}});
        Tensor target = Tensor.fromArray(new long[] {2, 0});
        double expected = (-(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
        assertEquals(expected, F.crossEntropy(logits, target).item(), 1e-12);
    }

    @Test
    void lossGradients() {
        Tensor t = Tensor.fromArray(new long[] {0, 3, 1});
        Tensor w = Tensor.fromArray(new double[] {0.5, 1, 2, 1.5});
        GradCheck.check(x -> F.crossEntropy(x[0], t), rnd(3, 4));
        GradCheck.check(x -> F.crossEntropy(x[0], t, w, 3, "mean", 0.2), rnd(3, 4));
        GradCheck.check(x -> F.crossEntropy(x[0], Tensor.fromArray(new long[][] {{0, 2}, {1, 1}}), null, -100, "none", 0),
                rnd(2, 3, 2));
        GradCheck.check(x -> F.crossEntropy(x[0], x[1].softmax(1), w, -100, "sum", 0.1), rnd(3, 4), rnd(3, 4));
        GradCheck.check(x -> F.nllLoss(x[0].logSoftmax(1), t, w, 1, "sum"), rnd(3, 4));
        GradCheck.check(x -> F.mseLoss(x[0], x[1]), rnd(3, 2), rnd(3, 2));
        GradCheck.check(x -> F.l1Loss(x[0].t(), x[1], "sum"), rnd(2, 3), rnd(3, 2));
        GradCheck.check(x -> F.smoothL1Loss(x[0], x[1], "mean", 0.7), rnd(4), rnd(4));
        GradCheck.check(x -> F.huberLoss(x[0], x[1], "none", 0.5), rnd(4), rnd(4));
        GradCheck.check(x -> F.binaryCrossEntropy(x[0], x[1].sigmoid(), null, "mean"), probs(5), rnd(5));
        GradCheck.check(x -> F.binaryCrossEntropyWithLogits(x[0], x[1].sigmoid(), null, Tensor.fromArray(new double[] {2, 0.5}), "mean"),
                rnd(3, 2), rnd(3, 2));
        GradCheck.check(x -> F.klDiv(x[0].logSoftmax(1), x[1].softmax(1), "batchmean", false), rnd(2, 3), rnd(2, 3));
        GradCheck.check(x -> F.klDiv(x[0], x[1], "sum", true), rnd(2, 3), rnd(2, 3));
    }

    @Test
    void lossSecondDerivatives() {
        Tensor t = Tensor.fromArray(new long[] {1, 0});
        GradCheck.checkGradGrad(x -> F.crossEntropy(x[0], t, null, -100, "mean", 0.1), rnd(2, 3));
        GradCheck.checkGradGrad(x -> F.binaryCrossEntropyWithLogits(x[0], x[1].sigmoid()), rnd(3), rnd(3));
        GradCheck.checkGradGrad(x -> F.mseLoss(x[0], x[1], "sum"), rnd(3), rnd(3));
    }

    @Test
    void lossErrors() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.fromArray(new long[] {0, 5})));
        assertEquals("nll_loss: target 5 is out of bounds for 3 classes", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(2), Tensor.zeros(3)));
        assertTrue(e2.getMessage().startsWith("mse_loss: target size [3] must be the same as input size [2]"));
        var e3 = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(2), Tensor.zeros(2), "avg"));
        assertTrue(e3.getMessage().contains("is not a valid value for reduction"));
        var e4 = assertThrows(IllegalArgumentException.class, () -> F.binaryCrossEntropy(Tensor.full(2, 3), Tensor.zeros(3)));
        assertTrue(e4.getMessage().contains("should be between 0 and 1"));
    }

    @Test
    void ignoredTargetsDoNotCount() {
        Tensor logits = Tensor.fromArray(new double[][] {{1, 2}, {5, -5}});
        Tensor all = F.crossEntropy(logits.index(0).unsqueeze(0), Tensor.fromArray(new long[] {1}));
        Tensor masked = F.crossEntropy(logits, Tensor.fromArray(new long[] {1, -100}));
        assertEquals(all.item(), masked.item(), 1e-12);
    }
}
