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

class BinaryOpsTest {
    private final Generator g = new Generator(21);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private Tensor positive(int... shape) { return Tensor.rand(g, DType.F64, shape).add(0.5).detach().requiresGrad_(true); }

    @Test
    void outputFollowsASharedPermutedLayout() {
        Tensor a = Tensor.randn(g, 5, 3, 4), b = Tensor.randn(g, 5, 3, 4);
        Tensor at = a.permute(2, 0, 1), bt = b.permute(2, 0, 1);
        Tensor sum = at.add(bt);
        // both inputs are the same permutation of a dense layout: the result keeps it (as PyTorch)
        assertArrayEquals(at.strides(), sum.strides());
        assertArrayEquals(a.add(b).permute(2, 0, 1).contiguous().toDoubleArray(), sum.contiguous().toDoubleArray(), 0.0);
        // mixed layouts, broadcasts and slices give a contiguous result
        assertTrue(at.add(bt.contiguous()).isContiguous());
        assertTrue(at.add(Tensor.randn(g, 5, 1)).isContiguous());
        assertTrue(a.narrow(2, 0, 2).add(b.narrow(2, 0, 2)).isContiguous());
        // and gradients flow as before
        GradCheck.check(t -> t[0].t().mul(t[1].t()), rnd(3, 4), rnd(3, 4));
    }

    @Test
    void arithmeticGradientsWithBroadcasting() {
        GradCheck.check(t -> t[0].add(t[1]), rnd(2, 3, 4), rnd(3, 1));
        GradCheck.check(t -> t[0].sub(t[1]), rnd(4), rnd(2, 1, 4));
        GradCheck.check(t -> t[0].mul(t[1]), rnd(2, 1, 3), rnd(1, 4, 1));
        GradCheck.check(t -> t[0].div(t[1]), rnd(3, 4), positive(4));
        GradCheck.check(t -> t[0].pow(t[1]), positive(3, 2), rnd(2));
        GradCheck.check(t -> t[0].atan2(t[1]), rnd(3, 2), positive(3, 1));
        GradCheck.check(t -> t[0].maximum(t[1]), rnd(3, 4), rnd(4));
        GradCheck.check(t -> t[0].minimum(t[1]), rnd(3, 4), rnd(3, 1));
        // non-contiguous operands
        GradCheck.check(t -> t[0].t().mul(t[1].slice(0, 0, 4, 2)), rnd(3, 2), rnd(7, 3));
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkGradGrad(t -> t[0].mul(t[1]), rnd(2, 3), rnd(3));
        GradCheck.checkGradGrad(t -> t[0].div(t[1]), rnd(2, 3), positive(2, 1));
        GradCheck.checkGradGrad(t -> t[0].pow(t[1]), positive(3), rnd(3));
        GradCheck.checkGradGrad(t -> t[0].atan2(t[1]), rnd(3), positive(3));
        GradCheck.checkGradGrad(t -> Tensor.where(t[0].gt(0.0), t[0].square(), t[1]), rnd(4), rnd(4));
    }

    @Test
    void maximumSplitsTiesEvenly() {
        Tensor a = Tensor.fromArray(new double[] {1, 2}).requiresGrad_(true), b = Tensor.fromArray(new double[] {1, 3}).requiresGrad_(true);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 0}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, 1}, b.grad().toDoubleArray());
    }

    @Test
    void typePromotionFollowsPyTorch() {
        Tensor i = Tensor.fromArray(new long[] {1, 2, 3}), f = Tensor.fromArray(new float[] {0.5f, 1, 2});
        Tensor d = Tensor.fromArray(new double[] {1, 1, 1}), u = Tensor.fromArray(new byte[] {1, 2, 3});
        assertEquals(DType.F32, i.add(f).dtype());
        assertEquals(DType.F64, f.add(d).dtype());
        assertEquals(DType.I64, i.add(u).dtype());
        assertEquals(DType.F32, i.div(Tensor.fromArray(new long[] {2, 2, 2})).dtype());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, i.div(2).toFloatArray());
        assertEquals(DType.I64, i.mul(2).dtype());
        assertEquals(DType.F32, i.mul(2.5).dtype());
        assertEquals(DType.F32, f.add(Tensor.scalar(1, DType.F64)).dtype());   // 0-d does not widen within a category
        assertEquals(DType.F32, i.add(Tensor.scalar(1.5, DType.F64)).dtype());  // but lifts the category to its default
        assertEquals(DType.U8, u.add(Tensor.scalar(1, DType.I64)).dtype());
    }

    @Test
    void comparisonsAndLogicalOpsGiveBool() {
        Tensor a = Tensor.fromArray(new double[] {1, 2, 3});
        Tensor m = a.gt(1.5);
        assertEquals(DType.BOOL, m.dtype());
        assertArrayEquals(new boolean[] {false, true, true}, m.toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false}, m.logicalNot().toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, m.logicalAnd(a.lt(2.5)).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, m.logicalOr(a.le(1.0)).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, a.ne(2.0).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, a.eq(Tensor.fromArray(new long[] {0, 2, 0})).toBooleanArray());
    }

    @Test
    void broadcastErrorNamesShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (size 3 != 4 at dimension 1)", e.getMessage());
        var w = assertThrows(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2)));
        assertTrue(w.getMessage().startsWith("where: expected condition to be a boolean tensor"));
    }

    @Test
    void inPlaceArithmetic() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3});
        x.add_(Tensor.fromArray(new float[] {1})).mul_(2).sub_(1).div_(2);
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, x.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).add_(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("doesn't match the broadcast shape"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new long[] {1}).add_(0.5));
        assertTrue(e2.getMessage().contains("can't be cast to the desired output type"), e2.getMessage());
    }

    @Test
    void nanPropagatesThroughMaximum() {
        Tensor a = Tensor.fromArray(new double[] {Double.NaN, 1}), b = Tensor.fromArray(new double[] {0, Double.NaN});
        double[] r = a.maximum(b).toDoubleArray();
        assertTrue(Double.isNaN(r[0]) && Double.isNaN(r[1]));
    }
}
