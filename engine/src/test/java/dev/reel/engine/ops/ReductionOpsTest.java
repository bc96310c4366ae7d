package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class ReductionOpsTest {
    private final Generator g = new Generator(33);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor distinct(int... shape) {
        return Tensor.randperm(g, Shapes.numel(shape)).to(DType.F64).mul(0.3).reshape(shape).detach().requiresGrad_(true);
    }

    @Test
    void sumMeanOverDimsWithKeepDim() {
        Tensor x = Tensor.arange(0, 24, 1, DType.F64).reshape(2, 3, 4);
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(new int[] {1}, true).shape());
        assertArrayEquals(new double[] {60, 66, 72, 78}, x.sum(new int[] {0, 1}, false).toDoubleArray());
        assertArrayEquals(new double[] {5.5, 17.5}, x.mean(new int[] {-1, 1}, false).toDoubleArray());
        assertEquals(276, x.sum().item());
        assertEquals(DType.I64, Tensor.fromArray(new boolean[] {true, true, false}).sum().dtype());
        assertEquals(2, Tensor.fromArray(new boolean[] {true, true, false}).sum().itemLong());
    }

    @Test
    void reductionGradients() {
        GradCheck.check(t -> t[0].sum(new int[] {0, 2}, true), rnd(2, 3, 4));
        GradCheck.check(t -> t[0].t().mean(new int[] {1}, false), rnd(3, 5));
        GradCheck.check(t -> t[0].var(new int[] {1}, 1, false), rnd(3, 4));
        GradCheck.check(t -> t[0].std(new int[] {0, 1}, 0, true), rnd(3, 4));
        GradCheck.check(t -> t[0].logsumexp(new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(2, new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(3, new int[] {0}, true), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(1), rnd(2, 2));
        GradCheck.check(t -> t[0].cumsum(1), rnd(3, 4));
        GradCheck.check(t -> t[0].prod(1, false), rnd(3, 4));
        GradCheck.check(t -> t[0].prod(), rnd(2, 3));
        GradCheck.check(t -> t[0].amax(new int[] {1}, false), distinct(3, 4));
        GradCheck.check(t -> t[0].max(0, true).values(), distinct(3, 4));
        GradCheck.check(t -> t[0].min(1, false).values(), distinct(3, 4));
    }

    @Test
    void reductionSecondDerivatives() {
        GradCheck.checkGradGrad(t -> t[0].square().sum(new int[] {1}, false), rnd(2, 3));
        GradCheck.checkGradGrad(t -> t[0].var(new int[] {0}, 1, false), rnd(4, 2));
        GradCheck.checkGradGrad(t -> t[0].logsumexp(new int[] {1}, true), rnd(2, 3));
        GradCheck.checkGradGrad(t -> t[0].norm(2, new int[] {1}, false), rnd(2, 3));
        GradCheck.checkGradGrad(t -> t[0].prod(1, false), rnd(2, 3));
        GradCheck.checkGradGrad(t -> t[0].cumsum(0), rnd(4));
    }

    @Test
    void prodGradientWithZeros() {
        Tensor x = Tensor.fromArray(new double[] {2, 0, 3, 0, 1, 5}, 2, 3).requiresGrad_(true);
        x.prod(1, false).sum().backward();
        assertArrayEquals(new double[] {0, 6, 0, 5, 0, 0}, x.grad().toDoubleArray(), 1e-12);
        GradCheck.check(t -> t[0].prod(1, false), Tensor.fromArray(new double[] {2, 0, 3, 1.5, 1, 5}, 2, 3).requiresGrad_(true));
    }

    @Test
    void maxMinArgmaxWithTiesTakeFirst() {
        Tensor x = Tensor.fromArray(new double[][] {{1, 3, 3}, {4, 0, -1}});
        var r = x.max(1, false);
        assertArrayEquals(new double[] {3, 4}, r.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 0}, r.indices().toLongArray());
        assertArrayEquals(new long[] {0, 2}, x.argmin(1, false).toLongArray());
        assertEquals(3, x.argmax().itemLong());
        assertEquals(4, x.max().item());
        // amax shares the gradient between ties
        Tensor y = Tensor.fromArray(new double[] {1, 3, 3}).requiresGrad_(true);
        y.max().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5}, y.grad().toDoubleArray());
    }

    @Test
    void allAnyAndVarianceCorrection() {
        Tensor b = Tensor.fromArray(new boolean[] {true, false, true}, 1, 3);
        assertEquals(false, b.all().itemBoolean());
        assertEquals(true, b.any().itemBoolean());
        assertArrayEquals(new boolean[] {true}, b.any(1, false).toBooleanArray());
        Tensor v = Tensor.fromArray(new double[] {1, 2, 3, 4});
        assertEquals(1.25, v.var(new int[] {0}, 0, false).item(), 1e-12);
        assertEquals(5.0 / 3, v.var().item(), 1e-12);
    }

    @Test
    void logsumexpIsStable() {
        Tensor x = Tensor.fromArray(new double[] {1000, 1000});
        assertEquals(1000 + Math.log(2), x.logsumexp(0).item(), 1e-9);
        Tensor inf = Tensor.fromArray(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, inf.logsumexp(0).item());
    }

    @Test
    void reductionErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {2}, false));
        assertEquals("sum: dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new long[] {1}).mean());
        assertTrue(m.getMessage().startsWith("mean: could not infer output dtype"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).max());
    }
}
