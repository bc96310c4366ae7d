package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * The single-pass softmax, log-softmax and layer-norm nodes against the composite formulas, which
 * the ops still take for inputs that do not qualify (here: the same values as a non-contiguous view).
 */
class FusedRowsTest {
    /** The same values, once contiguous (fused kernel) and once as a transposed view (composite). */
    private static Tensor[] twins(long seed, DType dt, int rows, int n) {
        Tensor a = Tensor.randn(new Generator(seed), dt, rows, n).mul(3).requiresGrad_(true);
        Tensor b = a.detach().t().contiguous().requiresGrad_(true);
        return new Tensor[] {a, b};
    }

    @Test
    void softmaxAndLogSoftmaxMatchComposite() {
        for (boolean log : new boolean[] {false, true}) {
            Tensor[] t = twins(1, DType.F64, 6, 37);
            Tensor fused = log ? F.logSoftmax(t[0], -1) : F.softmax(t[0], -1);
            Tensor composite = log ? F.logSoftmax(t[1].t(), 1) : F.softmax(t[1].t(), 1);
            assertArrayEquals(composite.toDoubleArray(), fused.toDoubleArray(), 1e-15);
            Tensor proj = Tensor.randn(new Generator(2), DType.F64, 6, 37);
            fused.mul(proj).sum().backward();
            composite.mul(proj).sum().backward();
            assertArrayEquals(t[1].grad().t().toDoubleArray(), t[0].grad().toDoubleArray(), 1e-14);
        }
    }

    @Test
    void layerNormMatchesCompositeWithAndWithoutAffine() {
        Generator g = new Generator(3);
        Tensor w = Tensor.randn(g, DType.F64, 4, 5).requiresGrad_(true), b = Tensor.randn(g, DType.F64, 4, 5).requiresGrad_(true);
        Tensor w2 = w.detach().requiresGrad_(true), b2 = b.detach().requiresGrad_(true);
        Tensor x = Tensor.randn(g, DType.F64, 3, 4, 5).add(2).requiresGrad_(true);
        Tensor x2 = x.detach().permute(2, 1, 0).contiguous().permute(2, 1, 0).requiresGrad_(true);
        Tensor fused = F.layerNorm(x, new int[] {4, 5}, w, b, 1e-5);
        Tensor composite = F.layerNorm(x2, new int[] {4, 5}, w2, b2, 1e-5);
        assertEquals("NativeLayerNormBackward0", fused.gradFn().name());
        assertArrayEquals(composite.toDoubleArray(), fused.toDoubleArray(), 1e-13);
        Tensor proj = Tensor.randn(new Generator(4), DType.F64, 3, 4, 5);
        fused.mul(proj).sum().backward();
        composite.mul(proj).sum().backward();
        assertArrayEquals(x2.grad().toDoubleArray(), x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(w2.grad().toDoubleArray(), w.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(b2.grad().toDoubleArray(), b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradCheckAndDoubleBackwardOfTheFusedNodes() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, DType.F64, 3, 6).requiresGrad_(true);
        Tensor w = Tensor.randn(g, DType.F64, 6).requiresGrad_(true), b = Tensor.randn(g, DType.F64, 6).requiresGrad_(true);
        GradCheck.check(t -> F.layerNorm(t[0], new int[] {6}, t[1], t[2], 1e-5), x, w, b);
        GradCheck.checkGradGrad(t -> F.layerNorm(t[0], new int[] {6}, t[1], t[2], 1e-5), x, w, b);
        GradCheck.check(t -> F.layerNorm(t[0], new int[] {6}, null, t[1], 1e-5), x, b);
        GradCheck.check(t -> F.layerNorm(t[0], new int[] {6}, null, null, 1e-5), x);
        GradCheck.checkGradGrad(t -> F.softmax(t[0], -1), x);
        GradCheck.checkGradGrad(t -> F.logSoftmax(t[0], -1), x);
    }

    @Test
    void float32FusedMatchesFloat64() {
        Tensor x = Tensor.randn(new Generator(6), DType.F64, 8, 1000).mul(4);
        Tensor xf = x.to(DType.F32);
        // softmax: the max is exact, each e^(x-m) is within 3u relative (rounding of x - m: 4·u·|x| ≤ 16u absolute
        // in the exponent → 16u relative), the sum of 1000 positive terms within 1000u relative
        double u = 0x1p-24;
        double[] p = F.softmax(x, -1).toDoubleArray(), pf = F.softmax(xf, -1).toDoubleArray();
        for (int i = 0; i < p.length; i++) assertEquals(p[i], pf[i], (1000 + 16 + 3) * u * p[i] * 2);
        // layer norm: mean and variance sums of 1000 terms of |x| ≤ 20: N·u·Σ|x|/N relative to the spread (σ ≈ 4)
        double[] y = F.layerNorm(x, 1000).toDoubleArray(), yf = F.layerNorm(xf, 1000).toDoubleArray();
        for (int i = 0; i < y.length; i++) assertEquals(y[i], yf[i], 1000 * u * 20 / 4 * 2 * (1 + Math.abs(y[i])));
    }
}
