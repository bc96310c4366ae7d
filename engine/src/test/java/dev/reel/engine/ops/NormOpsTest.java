package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class NormOpsTest {
    private final Generator g = new Generator(11);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void layerNormKnownValues() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4, 10, 12, 14, 16}, 2, 4);
        double s = 1 / Math.sqrt(1.25), s2 = 1 / Math.sqrt(5);
        assertArrayEquals(new double[] {-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s, -3 * s2, -s2, s2, 3 * s2},
                F.layerNorm(x, new int[] {4}, null, null, 0).toDoubleArray(), 1e-12);
        Tensor w = Tensor.fromArray(new double[] {1, 2, 3, 4}), b = Tensor.fromArray(new double[] {0, 0, 0, 1});
        double[] y = F.layerNorm(x, new int[] {4}, w, b, 0).toDoubleArray();
        assertEquals(3 * 0.5 * s, y[2], 1e-12);
        assertEquals(4 * 3 * s2 + 1, y[7], 1e-12);
    }

    @Test
    void groupNormNormalizesEachGroupOfEachSample() {
        Tensor x = Tensor.randn(g, DType.F64, 2, 6, 5).mul(3).add(1);
        Tensor y = F.groupNorm(x, 3).reshape(2, 3, 10);
        assertArrayEquals(new double[6], y.mean(new int[] {2}, false).toDoubleArray(), 1e-12);
        double[] var = y.var(new int[] {2}, 0, false).toDoubleArray();
        for (double v : var) assertEquals(1, v, 1e-4);  // 1 - eps/(var+eps)
        // one group is layer norm over (C, *)
        assertArrayEquals(F.layerNorm(x, 6, 5).toDoubleArray(), F.groupNorm(x, 1).toDoubleArray(), 1e-12);
    }

    @Test
    void batchNormTrainingUpdatesRunningStatsWithUnbiasedVariance() {
        Tensor x = Tensor.fromArray(new double[][] {{1, 0}, {2, 0}, {3, 4}, {4, 4}});
        Tensor rm = Tensor.zeros(DType.F64, 2), rv = Tensor.ones(DType.F64, 2);
        Tensor y = F.batchNorm(x, rm, rv, null, null, true, 0.1, 0);
        assertArrayEquals(new double[] {0.25, 0.2}, rm.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.9 + 0.1 * 5.0 / 3, 0.9 + 0.1 * 16.0 / 3}, rv.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-1.5 / Math.sqrt(1.25), -1, -0.5 / Math.sqrt(1.25), -1}, 
                java.util.Arrays.copyOf(y.toDoubleArray(), 4), 1e-12);
        // evaluation uses the running statistics and leaves them alone
        Tensor e = F.batchNorm(x, rm, rv, false);
        assertEquals((1 - 0.25) / Math.sqrt(0.9 + 0.5 / 3 + 1e-5), e.toDoubleArray()[0], 1e-12);
        assertArrayEquals(new double[] {0.25, 0.2}, rm.toDoubleArray(), 1e-12);
    }

    @Test
    void batchNormStatisticsAreOverAllButTheChannelDim() {
        for (int[] shape : new int[][] {{3, 2, 4}, {2, 3, 2, 3}, {2, 2, 2, 3, 2}}) {
            Tensor x = Tensor.randn(g, DType.F64, shape).mul(2).add(5);
            Tensor y = F.batchNorm(x, null, null, null, null, true, 0.1, 0);
            Tensor perChannel = y.transpose(0, 1).reshape(shape[1], -1);
            assertArrayEquals(new double[shape[1]], perChannel.mean(new int[] {1}, false).toDoubleArray(), 1e-12);
            double[] ones = new double[shape[1]];
            java.util.Arrays.fill(ones, 1);
            assertArrayEquals(ones, perChannel.var(new int[] {1}, 0, false).toDoubleArray(), 1e-10);
        }
    }

    @Test
    void runningStatsAreNotPartOfTheGraph() {
        Tensor x = rnd(4, 3);
        Tensor rm = Tensor.zeros(DType.F64, 3), rv = Tensor.ones(DType.F64, 3);
        F.batchNorm(x, rm, rv, null, null, true, 0.1, 1e-5).sum().backward();
        assertFalse(rm.requiresGrad());
        assertFalse(rv.requiresGrad());
    }

    @Test
    void gradients() {
        GradCheck.check(t -> F.layerNorm(t[0], new int[] {4}, t[1], t[2], 1e-5), rnd(2, 3, 4), rnd(4), rnd(4));
        GradCheck.check(t -> F.layerNorm(t[0].transpose(0, 2), new int[] {3, 2}, null, null, 1e-5), rnd(2, 3, 3));
        GradCheck.check(t -> F.groupNorm(t[0], 2, t[1], t[2], 1e-5), rnd(2, 4, 3), rnd(4), rnd(4));
        GradCheck.check(t -> F.groupNorm(t[0].transpose(2, 3), 3, null, t[1], 1e-5), rnd(1, 3, 2, 3), rnd(3));
        GradCheck.check(t -> F.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5), rnd(5, 3), rnd(3), rnd(3));
        GradCheck.check(t -> F.batchNorm(t[0], Tensor.zeros(DType.F64, 2), Tensor.ones(DType.F64, 2), t[1], null, true, 0.1, 1e-5),
                rnd(3, 2, 3), rnd(2));
        GradCheck.check(t -> F.batchNorm(t[0].permute(0, 3, 1, 2), null, null, null, null, true, 0.1, 1e-5), rnd(2, 2, 2, 3));
        GradCheck.check(t -> F.batchNorm(t[0], null, null, null, t[1], true, 0.1, 1e-3), rnd(2, 2, 2, 1, 2), rnd(2));
        Tensor rm = Tensor.randn(g, DType.F64, 3), rv = Tensor.rand(g, DType.F64, 3).add(0.5);
        GradCheck.check(t -> F.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5), rnd(2, 3, 2), rnd(3), rnd(3));
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkGradGrad(t -> F.layerNorm(t[0], new int[] {3}, t[1], null, 1e-5), rnd(2, 3), rnd(3));
        GradCheck.checkGradGrad(t -> F.groupNorm(t[0], 2, null, null, 1e-5), rnd(1, 4, 2));
        GradCheck.checkGradGrad(t -> F.batchNorm(t[0], null, null, t[1], null, true, 0.1, 1e-5), rnd(3, 2), rnd(2));
    }

    @Test
    void errorsNameTheOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.layerNorm(Tensor.zeros(2, 3, 5), 4));
        assertEquals("layer_norm: given normalized_shape=[4], expected input with shape [*, 4], but got input of size [2, 3, 5]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.layerNorm(Tensor.zeros(2, 4), new int[] {4}, Tensor.ones(3), null, 1e-5));
        assertEquals("layer_norm: expected weight of shape [4], got [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.groupNorm(Tensor.zeros(2, 6, 3), 4));
        assertEquals("group_norm: expected number of channels in input to be divisible by num_groups, but got input of shape "
                + "[2, 6, 3] and num_groups=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(1, 3), null, null, true));
        assertEquals("batch_norm: expected more than 1 value per channel when training, got input size [1, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(2, 3), Tensor.zeros(4), Tensor.ones(4), true));
        assertEquals("batch_norm: running_mean should contain 3 elements not 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(2, 3), null, null, false));
        assertEquals("batch_norm: running_mean and running_var must be defined in evaluation mode", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm(Tensor.arange(6).reshape(2, 3), null, null, true));
        assertEquals("batch_norm: expected a floating point input, got torch.int64", e.getMessage());
    }
}
