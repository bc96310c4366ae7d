package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The margin, embedding and likelihood loss modules: each gives its functional's result (whose
 * PyTorch parity the engine's op fixtures check), keeps its options and weights, and differentiates.
 */
class MoreLossesTest {
    private final Generator g = new Generator(21);

    private Tensor x(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor signs(int... shape) { return Tensor.randint(g, 0, 2, shape).to(DType.F64).mul(2).sub(1); }

    @Test
    void twoInputLossesMatchTheFunctions() {
        Tensor in = x(3, 4), y = signs(3, 4), tags = Tensor.randint(g, 0, 2, 3, 4).to(DType.F64);
        Tensor w = Tensor.fromArray(new double[] {0.5, 1, 2, 1.5});
        Tensor labels = Tensor.fromArray(new long[] {0, 3, 2});
        Tensor counts = Tensor.rand(g, DType.F64, 3, 4).mul(5);
        assertEquals(F.hingeEmbeddingLoss(in, y, 0.4, "sum").item(), new HingeEmbeddingLoss(0.4, "sum").forward(in, y).item(), 0);
        assertEquals(F.softMarginLoss(in, y).item(), new SoftMarginLoss().forward(in, y).item(), 0);
        var mlsm = new MultiLabelSoftMarginLoss(w, "mean");
        assertEquals(List.of("weight"), List.copyOf(mlsm.stateDict().keySet()));
        assertEquals(F.multilabelSoftMarginLoss(in, tags, w, "mean").item(), mlsm.forward(in, tags).item(), 0);
        var mm = new MultiMarginLoss(2, 0.7, w, "none");
        assertTrue(mm.forward(in, labels).equal(F.multiMarginLoss(in, labels, 2, 0.7, w, "none")));
        assertEquals(F.poissonNllLoss(in, counts, true, true, 1e-8, "sum").item(),
                new PoissonNLLLoss(true, true, 1e-8, "sum").forward(in, counts).item(), 0);
        for (Loss l : List.of(new HingeEmbeddingLoss(), new SoftMarginLoss(), mlsm)) {
            Tensor target = l instanceof MultiLabelSoftMarginLoss ? tags : y;
            GradCheck.check(t -> l.forward(t[0], target), x(3, 4));
        }
        GradCheck.check(t -> mm.forward(t[0], labels), x(3, 4));
        GradCheck.check(t -> new PoissonNLLLoss().forward(t[0], counts), x(3, 4));
    }

    @Test
    void threeInputLossesMatchTheFunctions() {
        Tensor a = x(4, 3), b = x(4, 3), c = x(4, 3), y = signs(4), v = x(4, 3).abs().add(0.1).detach();
        assertEquals(F.marginRankingLoss(a.select(1, 0), b.select(1, 0), y, 0.3, "mean").item(),
                new MarginRankingLoss(0.3, "mean").forward(a.select(1, 0), b.select(1, 0), y).item(), 0);
        assertEquals(F.cosineEmbeddingLoss(a, b, y, 0.1, "sum").item(), new CosineEmbeddingLoss(0.1, "sum").forward(a, b, y).item(), 0);
        assertEquals(F.tripletMarginLoss(a, b, c).item(), new TripletMarginLoss().forward(a, b, c).item(), 0);
        assertEquals(F.gaussianNllLoss(a, b, v, true, 1e-6, "mean").item(), new GaussianNLLLoss(true, 1e-6, "mean").forward(a, b, v).item(), 0);
        for (ThreeInputLoss l : List.of(new CosineEmbeddingLoss(-0.2, "mean"), new TripletMarginLoss(0.5, 1, 1e-6, true, "sum"))) {
            Tensor third = l instanceof CosineEmbeddingLoss ? y : c.detach();
            GradCheck.check(t -> l.forward(t[0], t[1], third), x(4, 3), x(4, 3));
        }
        GradCheck.check(t -> new GaussianNLLLoss().forward(t[0], b.detach(), t[1].square().add(0.2)), x(4, 3), x(4));
        GradCheck.check(t -> new MarginRankingLoss().forward(t[0], t[1], y), x(4), x(4));
    }

    @Test
    void optionsAndErrors() {
        assertEquals("TripletMarginLoss()", new TripletMarginLoss().toString().lines().findFirst().orElseThrow());
        assertEquals("SoftMarginLoss(reduction=sum)", new SoftMarginLoss("sum").toString().lines().findFirst().orElseThrow());
        assertEquals("sum", new GaussianNLLLoss(false, 1e-6, "sum").reduction());
        var red = assertThrows(IllegalArgumentException.class, () -> new MarginRankingLoss(0, "avg"));
        assertEquals("MarginRankingLoss: avg is not a valid value for reduction", red.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiMarginLoss(3, 1, null, "mean"));
        assertThrows(IllegalArgumentException.class, () -> new MultiMarginLoss(1, 1, Tensor.ones(2, 2), "mean"));
        assertThrows(IllegalArgumentException.class, () -> new CosineEmbeddingLoss().forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3),
                Tensor.zeros(2, 3)));
    }
}
