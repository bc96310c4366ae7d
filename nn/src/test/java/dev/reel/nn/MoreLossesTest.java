package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import dev.reel.nn.testing.LayerFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The margin, embedding and likelihood loss modules: each gives its functional's result (whose
 * PyTorch parity the engine's op fixtures check), keeps its options and weights, and differentiates.
 */
class MoreLossesTest {
    private final Generator g = new Generator(21);

    private Tensor x(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor signs(int... shape) { return Tensor.randint(g, 0, 2, shape).to(DType.F64).mul(2).sub(1); }

    /** The loss module for a PyTorch class and its constructor kwargs (PyTorch's defaults where absent). */
    static Module build(String torchClass, com.fasterxml.jackson.databind.JsonNode kw) {
        String reduction = kw.path("reduction").asText("mean");
        return switch (torchClass.substring("torch.nn.".length())) {
            case "MarginRankingLoss" -> new MarginRankingLoss(kw.path("margin").asDouble(0), reduction);
            case "HingeEmbeddingLoss" -> new HingeEmbeddingLoss(kw.path("margin").asDouble(1), reduction);
            case "SoftMarginLoss" -> new SoftMarginLoss(reduction);
            case "CosineEmbeddingLoss" -> new CosineEmbeddingLoss(kw.path("margin").asDouble(0), reduction);
            case "TripletMarginLoss" -> new TripletMarginLoss(kw.path("margin").asDouble(1), kw.path("p").asDouble(2),
                    kw.path("eps").asDouble(1e-6), kw.path("swap").asBoolean(false), reduction);
            case "MultiLabelSoftMarginLoss" -> new MultiLabelSoftMarginLoss(null, reduction);
            case "MultiMarginLoss" -> new MultiMarginLoss(kw.path("p").asInt(1), kw.path("margin").asDouble(1), null, reduction);
            case "PoissonNLLLoss" -> new PoissonNLLLoss(kw.path("log_input").asBoolean(true), kw.path("full").asBoolean(false),
                    kw.path("eps").asDouble(1e-8), reduction);
            case "GaussianNLLLoss" -> new GaussianNLLLoss(kw.path("full").asBoolean(false), kw.path("eps").asDouble(1e-6), reduction);
            default -> throw new IllegalArgumentException("no Reel loss for " + torchClass);
        };
    }

    private static Tensor forward(Module m, Map<String, Tensor> in) {
        return switch (m) {
            case MarginRankingLoss l -> l.forward(in.get("input1"), in.get("input2"), in.get("target"));
            case CosineEmbeddingLoss l -> l.forward(in.get("input1"), in.get("input2"), in.get("target"));
            case TripletMarginLoss l -> l.forward(in.get("anchor"), in.get("positive"), in.get("negative"));
            case GaussianNLLLoss l -> l.forward(in.get("input"), in.get("target"), in.get("var"));
            case Loss l -> l.forward(in.get("input"), in.get("target"));
            default -> throw new IllegalStateException("not a loss: " + m);
        };
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void modulesMatchPyTorch(DType dtype) {
        for (String c : List.of("margin_ranking_loss", "hinge_embedding_loss_sum", "soft_margin_loss", "cosine_embedding_loss_none",
                "triplet_margin_loss_swap", "multilabel_soft_margin_loss", "multi_margin_loss_p2", "poisson_nll_loss_full",
                "gaussian_nll_loss_full")) {
            LayerFixture f = LayerFixture.load(c, dtype);
            f.check(kw -> build(f.contents.metadata().get("module"), kw), (m, in) -> List.of(forward(m, in)));
        }
    }

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
