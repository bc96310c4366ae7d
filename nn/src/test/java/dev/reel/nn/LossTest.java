package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossTest {
    private final Generator g = new Generator(8);

    private Tensor x(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void regressionLossesByHandAndGradCheck() {
        Tensor a = Tensor.fromArray(new double[] {1, 2, 4}), b = Tensor.fromArray(new double[] {1, 0, 1});
        assertEquals((0 + 4 + 9) / 3.0, new MSELoss().forward(a, b).item(), 1e-12);
        assertEquals(5, new L1Loss("sum").forward(a, b).item(), 1e-12);
        assertEquals((0 + 1.5 + 2.5) / 3, new SmoothL1Loss().forward(a, b).item(), 1e-12);
        assertEquals((0 + 2 * 1 + 2 * 2) / 3.0, new HuberLoss("mean", 2).forward(a, b).item(), 1e-12);
        Tensor t = Tensor.randn(g, DType.F64, 2, 3);
        for (Loss l : List.of(new MSELoss(), new L1Loss(), new SmoothL1Loss("sum", 0.5), new HuberLoss("mean", 0.7))) {
            GradCheck.check(in -> l.forward(in[0], t), x(2, 3));
        }
        assertEquals(3, new MSELoss("none").forward(a, b).numel());
    }

    @Test
    void classificationLossesMatchTheFunctions() {
        Tensor logits = x(4, 3);
        Tensor labels = Tensor.fromArray(new long[] {0, 2, 1, 2});
        Tensor w = Tensor.fromArray(new double[] {0.2, 1, 3});
        var ce = new CrossEntropyLoss(w, -100, "mean", 0.1);
        assertEquals(Map.of("weight", w).keySet(), ce.stateDict().keySet());
        assertTrue(ce.forward(logits, labels).allclose(dev.reel.engine.F.crossEntropy(logits, labels, w, -100, "mean", 0.1)));
        GradCheck.check(in -> ce.forward(in[0], labels), logits);
        var nll = new NLLLoss();
        assertEquals(new CrossEntropyLoss().forward(logits, labels).item(),
                nll.forward(dev.reel.engine.F.logSoftmax(logits, 1), labels).item(), 1e-12);
        Tensor p = x(2, 3).sigmoid().detach().requiresGrad_(true), target = Tensor.rand(g, DType.F64, 2, 3);
        GradCheck.check(in -> new BCELoss().forward(in[0], target), p);
        var bcel = new BCEWithLogitsLoss(null, "sum", Tensor.fromArray(new double[] {1, 2, 0.5}));
        assertEquals(List.of("pos_weight"), List.copyOf(bcel.stateDict().keySet()));
        GradCheck.check(in -> bcel.forward(in[0], target), x(2, 3));
        Tensor logq = dev.reel.engine.F.logSoftmax(Tensor.randn(g, DType.F64, 2, 4), 1);
        Tensor pt = dev.reel.engine.F.softmax(Tensor.randn(g, DType.F64, 2, 4), 1);
        GradCheck.check(in -> new KLDivLoss("batchmean", false).forward(in[0], pt), logq.detach().requiresGrad_(true));
        assertThrows(IllegalArgumentException.class, () -> new MSELoss("avg"));
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString().lines().findFirst().orElseThrow());
    }
}
