package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/** pixel_shuffle / pixel_unshuffle, instance_norm, cosine_similarity and pairwise_distance. */
class LayerOpsTest {
    private final Generator g = new Generator(41);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void pixelShuffleMovesChannelsIntoPixels() {
        Tensor x = Tensor.arange(0, 8, 1, DType.F64).reshape(1, 4, 1, 2);
        // channel c·r² + i·r + j lands at (h·r + i, w·r + j)
        assertArrayEquals(new double[] {0, 2, 1, 3, 4, 6, 5, 7}, F.pixelShuffle(x, 2).toDoubleArray(), 0);
        assertArrayEquals(new int[] {1, 1, 2, 4}, F.pixelShuffle(x, 2).shape());
        assertTrue(F.pixelUnshuffle(F.pixelShuffle(x, 2), 2).equal(x));
        GradCheck.check(in -> F.pixelShuffle(in[0], 2), rnd(2, 8, 2, 3));
        GradCheck.check(in -> F.pixelUnshuffle(in[0], 3), rnd(3, 1, 3, 6));
        var e = assertThrows(IllegalArgumentException.class, () -> F.pixelShuffle(Tensor.zeros(1, 5, 2, 2), 2));
        assertEquals("pixel_shuffle: pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                + "upscale_factor, but input.size(-3)=5 is not divisible by 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.pixelUnshuffle(Tensor.zeros(1, 5, 3, 2), 2));
        assertThrows(IllegalArgumentException.class, () -> F.pixelShuffle(Tensor.zeros(4, 2), 2));
        assertThrows(IllegalArgumentException.class, () -> F.pixelShuffle(Tensor.zeros(1, 4, 2, 2), 0));
    }

    @Test
    void instanceNormNormalizesEachPlane() {
        Tensor x = Tensor.randn(g, DType.F64, 2, 3, 5).mul(3).add(1);
        Tensor y = F.instanceNorm(x);
        assertTrue(y.mean(new int[] {2}, false).abs().max().item() < 1e-12);
        Tensor rm = Tensor.zeros(DType.F64, 3), rv = Tensor.ones(DType.F64, 3);
        F.instanceNorm(x, rm, rv, null, null, true, 0.1, 1e-5);
        Tensor planeMeans = x.mean(new int[] {2}, false).mean(0, false);
        assertTrue(rm.allclose(planeMeans.mul(0.1), 1e-12, 1e-12));
        GradCheck.check(in -> F.instanceNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), rnd(2, 3, 4), rnd(3), rnd(3));
        GradCheck.check(in -> F.instanceNorm(in[0], rm.clone(), rv.clone(), null, null, false, 0.1, 1e-5), rnd(2, 3, 2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> F.instanceNorm(Tensor.zeros(3, 4)));
        assertEquals("instance_norm: Expected more than 1 spatial element when training, got input size [3, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.instanceNorm(Tensor.zeros(2, 3, 4), null, null, null, null, false, 0.1, 1e-5));
    }

    @Test
    void distances() {
        Tensor a = Tensor.fromArray(new double[][] {{3, 4}, {1, 0}}), b = Tensor.fromArray(new double[][] {{4, 3}, {0, 2}});
        assertArrayEquals(new double[] {24 / 25.0, 0}, F.cosineSimilarity(a, b).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2) , Math.sqrt(5)}, F.pairwiseDistance(a, b, 2, 0, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, F.pairwiseDistance(a, b, 1, 1e-6, true).shape());
        GradCheck.check(in -> F.cosineSimilarity(in[0], in[1], 1, 1e-8), rnd(3, 4), rnd(3, 4));
        GradCheck.check(in -> F.cosineSimilarity(in[0], in[1], -1, 1e-8), rnd(2, 3, 4), rnd(4));
        GradCheck.checkGradGrad(in -> F.cosineSimilarity(in[0], in[1], 1, 1e-8), rnd(2, 3), rnd(2, 3));
        GradCheck.check(in -> F.pairwiseDistance(in[0], in[1], 2, 1e-6, false), rnd(3, 4), rnd(3, 4));
        GradCheck.check(in -> F.pairwiseDistance(in[0], in[1], 3, 1e-6, true), rnd(3, 4), rnd(4));
        var e = assertThrows(IllegalArgumentException.class, () -> F.pairwiseDistance(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().startsWith("pairwise_distance"), e.getMessage());
    }
}
