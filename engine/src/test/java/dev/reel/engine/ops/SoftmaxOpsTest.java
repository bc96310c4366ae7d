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

class SoftmaxOpsTest {
    private final Generator g = new Generator(7);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void knownValues() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3});
        assertArrayEquals(new double[] {0.09003057317038046, 0.24472847105479767, 0.6652409557748219},
                F.softmax(x, 0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-2.40760596444438, -1.40760596444438, -0.40760596444438},
                F.logSoftmax(x, -1).toDoubleArray(), 1e-14);
        // along dim 0 of a matrix: each column sums to one
        Tensor m = Tensor.fromArray(new double[][] {{0, 1}, {0, 3}});
        assertArrayEquals(new double[] {0.5, 0.11920292202211755, 0.5, 0.8807970779778823}, F.softmax(m, 0).toDoubleArray(), 1e-15);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        Tensor x = Tensor.fromArray(new float[] {1000, 1001, -1e30f});
        float[] p = F.softmax(x, 0).toFloatArray();
        assertEquals(0.26894142f, p[0], 1e-7f);
        assertEquals(0.7310586f, p[1], 1e-7f);
        assertEquals(0f, p[2]);
        float[] lp = F.logSoftmax(x, 0).toFloatArray();
        assertEquals(-1.3132616f, lp[0], 1e-6f);
        assertEquals(-1e30f, lp[2], 1e24f);
    }

    @Test
    void rowOfMinusInfinityGivesNanAsPyTorch() {
        Tensor x = Tensor.fromArray(new double[][] {{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, {0, 0}});
        double[] p = F.softmax(x, 1).toDoubleArray();
        assertTrue(Double.isNaN(p[0]) && Double.isNaN(p[1]));
        assertEquals(0.5, p[2], 0);
    }

    @Test
    void zeroDimAndEmptyInputs() {
        assertEquals(1.0, F.softmax(Tensor.scalar(3.0, DType.F64), 0).item());
        assertEquals(0.0, F.logSoftmax(Tensor.scalar(3.0, DType.F64), 0).item());
        assertArrayEquals(new int[] {0, 3}, F.softmax(Tensor.zeros(0, 3), 1).shape());
        assertEquals(DType.F64, F.softmax(Tensor.ones(2, 2), 1, DType.F64).dtype());
    }

    @Test
    void gradients() {
        GradCheck.check(t -> F.softmax(t[0], 1), rnd(3, 5));
        GradCheck.check(t -> F.softmax(t[0], 0), rnd(3, 2, 3).transpose(0, 2));     // non-contiguous
        GradCheck.check(t -> F.logSoftmax(t[0], -1), rnd(2, 7));
        GradCheck.check(t -> F.logSoftmax(t[0].slice(1, 0, 5, 2), 1), rnd(3, 5));  // strided slice
        GradCheck.check(t -> F.softmax(t[0].mul(20), 1), rnd(2, 3));                // saturated
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkGradGrad(t -> F.softmax(t[0], 1), rnd(2, 3));
        GradCheck.checkGradGrad(t -> F.logSoftmax(t[0], 0), rnd(3, 2));
    }

    @Test
    void errorsNameTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.softmax(Tensor.arange(3), 0));
        assertEquals("softmax: expected a floating point input, got torch.int64", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> F.logSoftmax(Tensor.zeros(2, 3), 2));
        assertTrue(e2.getMessage().startsWith("log_softmax: "), e2.getMessage());
    }
}
