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

/** The margin, embedding and likelihood losses: values by hand, gradients, second derivatives, errors. */
class MarginLossOpsTest {
    private final Generator g = new Generator(53);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor signs(int... shape) { return Tensor.randint(g, 0, 2, shape).to(DType.F64).mul(2).sub(1); }

    @Test
    void valuesByHand() {
        Tensor x1 = Tensor.fromArray(new double[] {1, 2}), x2 = Tensor.fromArray(new double[] {2, 0}), y = Tensor.fromArray(new double[] {1, -1});
        assertEquals((1.5 + 2.5) / 2, F.marginRankingLoss(x1, x2, y, 0.5, "mean").item(), 1e-12);
        Tensor h = Tensor.fromArray(new double[] {0.3, 2});
        assertEquals(0.3 + 0, F.hingeEmbeddingLoss(h, y, 1, "sum").item(), 1e-12);
        assertEquals(Math.log1p(Math.exp(-0.3)) + Math.log1p(Math.exp(2)), F.softMarginLoss(h, y, "sum").item(), 1e-12);
        Tensor s = Tensor.fromArray(new double[][] {{1, 3, 2}});
        Tensor label = Tensor.fromArray(new long[] {2});
        assertEquals((0 + 2) / 3.0, F.multiMarginLoss(s, label).item(), 1e-12);   // max(0, 1 - 2 + 1), max(0, 1 - 2 + 3)
        Tensor mean = Tensor.fromArray(new double[] {1}), target = Tensor.fromArray(new double[] {3}), v = Tensor.fromArray(new double[] {2});
        assertEquals(0.5 * (Math.log(2) + 4 / 2.0), F.gaussianNllLoss(mean, target, v).item(), 1e-12);
        assertEquals(Math.exp(1) - 3, F.poissonNllLoss(mean, target).item(), 1e-12);
    }

    @Test
    void gradients() {
        Tensor mr = signs(5), he = signs(3, 4);
        GradCheck.check(in -> F.marginRankingLoss(in[0], in[1], mr, 0.2, "mean"), rnd(5), rnd(5));
        GradCheck.check(in -> F.hingeEmbeddingLoss(in[0], he, 0.7, "sum"), rnd(3, 4));
        Tensor sm = signs(3, 4);
        GradCheck.check(in -> F.softMarginLoss(in[0], sm, "mean"), rnd(3, 4));
        GradCheck.checkGradGrad(in -> F.softMarginLoss(in[0], sm, "sum"), rnd(3, 4));
        Tensor ce = signs(4);
        GradCheck.check(in -> F.cosineEmbeddingLoss(in[0], in[1], ce, -0.5, "mean"), rnd(4, 3), rnd(4, 3));
        GradCheck.check(in -> F.tripletMarginLoss(in[0], in[1], in[2], 3, 2, 1e-6, true, "mean"), rnd(3, 4), rnd(3, 4), rnd(3, 4));
        Tensor multi = Tensor.randint(g, 0, 2, 3, 4).to(DType.F64);
        GradCheck.check(in -> F.multilabelSoftMarginLoss(in[0], multi, Tensor.fromArray(new double[] {1, 2, 0.5, 1}), "mean"), rnd(3, 4));
        GradCheck.checkGradGrad(in -> F.multilabelSoftMarginLoss(in[0], multi), rnd(3, 4));
        Tensor labels = Tensor.fromArray(new long[] {0, 3, 1});
        GradCheck.check(in -> F.multiMarginLoss(in[0], labels, 2, 0.8, Tensor.fromArray(new double[] {1, 2, 0.5, 1}), "none"), rnd(3, 4));
        GradCheck.check(in -> F.multiMarginLoss(in[0], Tensor.scalar(2, DType.I64), 1, 1, null, "mean"), rnd(4));
        Tensor counts = Tensor.rand(g, DType.F64, 3, 2).mul(4);
        GradCheck.check(in -> F.poissonNllLoss(in[0], counts, true, true, 1e-8, "mean"), rnd(3, 2));
        GradCheck.check(in -> F.poissonNllLoss(in[0].abs().add(0.1), counts, false, false, 1e-8, "sum"), rnd(3, 2));
        GradCheck.check(in -> F.gaussianNllLoss(in[0], in[1], in[2].abs().add(0.2), true, 1e-6, "mean"), rnd(3, 2), rnd(3, 2), rnd(3));
        GradCheck.checkGradGrad(in -> F.gaussianNllLoss(in[0], in[1], in[2].square().add(0.5)), rnd(3, 2), rnd(3, 2), rnd(3, 2));
    }

    @Test
    void errors() {
        var rank = assertThrows(IllegalArgumentException.class,
                () -> F.marginRankingLoss(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(1, 2)));
        assertTrue(rank.getMessage().startsWith("margin_ranking_loss: All input tensors should have same dimension"), rank.getMessage());
        var p = assertThrows(IllegalArgumentException.class,
                () -> F.multiMarginLoss(Tensor.zeros(2, 3), Tensor.fromArray(new long[] {0, 1}), 3, 1, null, "mean"));
        assertEquals("multi_margin_loss: only p == 1 and p == 2 supported", p.getMessage());
        var range = assertThrows(IndexOutOfBoundsException.class, () -> F.multiMarginLoss(Tensor.zeros(2, 3), Tensor.fromArray(new long[] {0, 3})));
        assertEquals("multi_margin_loss: target 3 is out of bounds for 3 classes", range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.multiMarginLoss(Tensor.zeros(2, 3), Tensor.fromArray(new long[] {0, 1, 2})));
        var var = assertThrows(IllegalArgumentException.class, () -> F.gaussianNllLoss(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.ones(2, 2)));
        assertTrue(var.getMessage().startsWith("gaussian_nll_loss: var is of incorrect size"), var.getMessage());
        var neg = assertThrows(IllegalArgumentException.class,
                () -> F.gaussianNllLoss(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.full(-1, 2, 3)));
        assertEquals("gaussian_nll_loss: var has negative entry/entries", neg.getMessage());
        var cos = assertThrows(IllegalArgumentException.class,
                () -> F.cosineEmbeddingLoss(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 1)));
        assertEquals("cosine_embedding_loss: 0D or 1D target tensor expected, multi-target not supported", cos.getMessage());
        var red = assertThrows(IllegalArgumentException.class, () -> F.softMarginLoss(Tensor.zeros(2), Tensor.zeros(2), "avg"));
        assertTrue(red.getMessage().contains("is not a valid value for reduction"));
        assertThrows(IllegalArgumentException.class, () -> F.tripletMarginLoss(Tensor.zeros(2, 3), Tensor.zeros(3), Tensor.zeros(2, 3)));
    }
}
