package dev.reel.engine.half;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One op of each family on BF16 and F16 tensors against the same op on their F32 values, rounded
 * to the half type: an op that is one kernel call must match exactly (cast in, F32 kernel, cast
 * out); composites may differ by the roundings of their intermediate results.
 */
class HalfOpsTest {
    static Tensor randn(DType dt, long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).to(dt);
    }

    /** op on the half inputs vs op on their F32 widening, rounded once. */
    static void same(DType dt, String name, Function<List<Tensor>, Tensor> op, double ulps, Tensor... halves) {
        Tensor got = op.apply(List.of(halves));
        List<Tensor> wide = java.util.Arrays.stream(halves).map(t -> t.dtype() == dt ? t.to(DType.F32) : t).toList();
        Tensor want = op.apply(wide);
        if (want.dtype() == DType.F32) want = want.to(dt);
        assertEquals(want.dtype(), got.dtype(), name + ": result dtype");
        assertArrayEquals(want.shape(), got.shape(), name + ": shape");
        float[] g = got.toFloatArray(), w = want.toFloatArray();
        double eps = dt == DType.BF16 ? 0x1p-8 : 0x1p-11; // half an ulp at 1, relative
        for (int i = 0; i < g.length; i++) {
            double tol = ulps * 2 * eps * Math.max(Math.abs(w[i]), 1e-3);
            assertTrue(Math.abs(g[i] - w[i]) <= tol, name + " [" + i + "]: " + g[i] + " vs " + w[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void eachOpFamilyComputesInF32(DType dt) {
        Tensor a = randn(dt, 1, 3, 4), b = randn(dt, 2, 4), m = randn(dt, 3, 4, 5);
        same(dt, "exp (unary)", t -> t.get(0).exp(), 0, a);
        same(dt, "tanh (unary)", t -> t.get(0).tanh(), 0, a);
        same(dt, "add with broadcasting", t -> t.get(0).add(t.get(1)), 0, a, b);
        same(dt, "mul by a scalar", t -> t.get(0).mul(3.0), 0, a);
        same(dt, "sum (reduction)", t -> t.get(0).sum(1, false), 0, a);
        same(dt, "amax (reduction)", t -> t.get(0).amax(new int[] {0}, true), 0, a);
        same(dt, "matmul", t -> t.get(0).matmul(t.get(1)), 0, a, m);
        same(dt, "softmax", t -> t.get(0).softmax(-1), 0, a);
        same(dt, "mean (sum then divide)", t -> t.get(0).mean(0, false), 1, a);
        Tensor x = randn(dt, 4, 2, 2, 5, 5), w = randn(dt, 5, 3, 2, 3, 3), bias = randn(dt, 6, 3);
        same(dt, "conv2d", t -> F.conv2d(t.get(0), t.get(1), t.get(2), 1, 1), 0, x, w, bias);
        Tensor idx = Tensor.fromArray(new long[] {2, 0, 2}, 3);
        same(dt, "indexSelect (indexing)", t -> t.get(0).indexSelect(1, idx), 0, a);
        same(dt, "gather (indexing)", t -> t.get(0).gather(1, Tensor.fromArray(new long[] {0, 3, 1, 1, 2, 0}, 3, 2)), 0, a);
        same(dt, "cat", t -> Tensor.cat(0, t.get(0), t.get(1).unsqueeze(0)), 0, a, b);
        same(dt, "views (transpose, narrow, contiguous)", t -> t.get(0).t().narrow(0, 1, 2).contiguous(), 0, a);
        same(dt, "where", t -> t.get(0).where(t.get(0).gt(0.0), t.get(1)), 0, a, b);
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void mixedWithF32PromotesToF32(DType dt) {
        Tensor a = randn(dt, 1, 3, 4), f = Tensor.randn(new Generator(9), 3, 4);
        assertEquals(DType.F32, a.add(f).dtype());
        assertEquals(DType.F32, Tensor.ones(DType.BF16, 2).add(Tensor.ones(DType.F16, 2)).dtype());
        assertEquals(dt, a.add(Tensor.scalar(2.0)).dtype(), "a 0-d F32 tensor does not widen a half tensor");
        assertEquals(dt, Tensor.ones(DType.I64, 2).add(Tensor.ones(dt, 2)).dtype());
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void autogradGivesGradientsInTheTensorsDType(DType dt) {
        Tensor a = randn(dt, 1, 3, 4).requiresGrad_(true), m = randn(dt, 3, 4, 5).requiresGrad_(true);
        Tensor loss = a.matmul(m).tanh().sum();
        assertEquals(dt, loss.dtype());
        loss.backward();
        assertEquals(dt, a.grad().dtype());
        assertEquals(dt, m.grad().dtype());
        // the same graph in F32 on the same values
        Tensor a32 = a.detach().to(DType.F32).requiresGrad_(true), m32 = m.detach().to(DType.F32).requiresGrad_(true);
        a32.matmul(m32).tanh().sum().backward();
        float[] g = a.grad().toFloatArray(), w = a32.grad().toFloatArray();
        double tol = dt == DType.BF16 ? 0.05 : 0.01;
        for (int i = 0; i < g.length; i++) assertEquals(w[i], g[i], tol * Math.max(1, Math.abs(w[i])), "da[" + i + "]");
        // a cast's gradient is a cast: an F32 leaf used through BF16 gets an F32 gradient
        Tensor leaf = Tensor.randn(new Generator(3), 4).requiresGrad_(true);
        leaf.to(dt).mul(2.0).sum().backward();
        assertEquals(DType.F32, leaf.grad().dtype());
        assertArrayEquals(new float[] {2, 2, 2, 2}, leaf.grad().toFloatArray());
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void printsAndReadsBackValues(DType dt) {
        Tensor t = Tensor.fromArray(new float[] {1.5f, -2f, 0.25f}, 3).to(dt);
        String name = dt == DType.BF16 ? "torch.bfloat16" : "torch.float16";
        assertEquals("tensor([ 1.5000, -2.0000,  0.2500], dtype=" + name + ")", t.toString());
        assertEquals(-2.0, t.select(0, 1).item());
        assertEquals(2, dt.itemSize());
        assertTrue(dt.isFloatingPoint() && dt.isHalf());
        assertEquals(DType.BF16, Tensor.ones(3).toBFloat16().dtype());
        assertEquals(DType.F16, Tensor.ones(3).toHalf().dtype());
        assertArrayEquals(new double[] {1.5, -2, 0.25}, t.toDoubleArray());
        assertNull(t.grad());
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void inPlaceOpsAndFactoriesWork(DType dt) {
        Tensor t = Tensor.zeros(dt, 2, 3);
        t.fill_(1.25).add_(Tensor.ones(dt, 3));
        assertArrayEquals(new float[] {2.25f, 2.25f, 2.25f, 2.25f, 2.25f, 2.25f}, t.toFloatArray());
        t.narrow(1, 0, 1).mul_(2.0);
        assertEquals(4.5, t.index(0, 0).item());
        Tensor r = Tensor.rand(new Generator(5), dt, 1000);
        assertEquals(dt, r.dtype());
        double mean = r.mean().item();
        assertTrue(mean > 0.4 && mean < 0.6, "uniform mean " + mean);
        Tensor s = Tensor.zeros(dt, 4).scatterAdd(0, Tensor.fromArray(new long[] {1, 1, 3}, 3), Tensor.ones(dt, 3));
        assertArrayEquals(new float[] {0, 2, 0, 1}, s.toFloatArray());
    }
}
