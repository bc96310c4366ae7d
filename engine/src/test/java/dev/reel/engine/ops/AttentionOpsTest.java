package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fused scaled dot-product attention against the composite softmax(Q·Kᵀ·scale + mask)·V:
 * values and gradients in F64 (to rounding), GradCheck and double backward, masks of both kinds,
 * causal, broadcast batch dims, views, and the weights and dropout paths.
 */
class AttentionOpsTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.F64, shape).requiresGrad_(true);
    }

    private static Tensor composite(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        double sc = Double.isNaN(scale) ? 1 / Math.sqrt(q.size(-1)) : scale;
        Tensor s = q.matmul(k.transpose(-2, -1)).mul(sc);
        if (causal) s = s.maskedFill(Tensor.ones(DType.BOOL, q.size(-2), k.size(-2)).tril().logicalNot(), Double.NEGATIVE_INFINITY);
        if (mask != null) s = mask.dtype() == DType.BOOL ? s.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY) : s.add(mask);
        return s.softmax(-1).matmul(v);
    }

    /** Fused vs composite: outputs and the gradients of q, k, v for a random projection of the output. */
    private static void assertMatchesComposite(int[] qs, int[] ks, int[] vs, Tensor mask, boolean causal, double scale) {
        Tensor q = randn(1, qs), k = randn(2, ks), v = randn(3, vs);
        Tensor q2 = q.detach().requiresGrad_(true), k2 = k.detach().requiresGrad_(true), v2 = v.detach().requiresGrad_(true);
        Tensor out = F.scaledDotProductAttention(q, k, v, mask, 0, causal, scale);
        Tensor ref = composite(q2, k2, v2, mask, causal, scale);
        assertArrayEquals(ref.shape(), out.shape());
        assertArrayEquals(ref.toDoubleArray(), out.toDoubleArray(), 1e-12);
        Tensor proj = Tensor.randn(new Generator(4), DType.F64, out.shape());
        out.mul(proj).sum().backward();
        ref.mul(proj).sum().backward();
        assertArrayEquals(q2.grad().toDoubleArray(), q.grad().toDoubleArray(), 1e-12, "dq");
        assertArrayEquals(k2.grad().toDoubleArray(), k.grad().toDoubleArray(), 1e-12, "dk");
        assertArrayEquals(v2.grad().toDoubleArray(), v.grad().toDoubleArray(), 1e-12, "dv");
    }

    @Test
    void plainCausalAndScaled() {
        assertMatchesComposite(new int[] {2, 3, 5, 4}, new int[] {2, 3, 6, 4}, new int[] {2, 3, 6, 3}, null, false, Double.NaN);
        assertMatchesComposite(new int[] {2, 7, 4}, new int[] {2, 7, 4}, new int[] {2, 7, 5}, null, true, Double.NaN);
        assertMatchesComposite(new int[] {3, 4}, new int[] {9, 4}, new int[] {9, 2}, null, true, 0.3);  // L < S, top-left aligned
        assertMatchesComposite(new int[] {70, 3}, new int[] {140, 3}, new int[] {140, 2}, null, true, Double.NaN); // several blocks
    }

    @Test
    void boolAndFloatMasksBroadcast() {
        Tensor keep = Tensor.rand(new Generator(9), 5, 6).gt(0.3);
        assertMatchesComposite(new int[] {2, 3, 5, 4}, new int[] {2, 3, 6, 4}, new int[] {2, 3, 6, 4}, keep, false, Double.NaN);
        Tensor bias = Tensor.randn(new Generator(10), DType.F64, 2, 1, 5, 6);
        assertMatchesComposite(new int[] {2, 3, 5, 4}, new int[] {2, 3, 6, 4}, new int[] {2, 3, 6, 4}, bias, false, Double.NaN);
        // k and v shared across the batch (broadcast), gradients summed back
        assertMatchesComposite(new int[] {2, 3, 5, 4}, new int[] {1, 1, 6, 4}, new int[] {6, 4}, keep, false, Double.NaN);
    }

    @Test
    void fullyMaskedRowsGiveZerosAndZeroGradients() {
        boolean[] m = {true, false, true, true, false, false, false, false, true, true, false, true}; // row 1 keeps nothing
        Tensor mask = Tensor.fromArray(m, 3, 4);
        Tensor q = randn(1, 3, 2), k = randn(2, 4, 2), v = randn(3, 4, 2);
        Tensor out = F.scaledDotProductAttention(q, k, v, mask, 0, false, Double.NaN);
        assertArrayEquals(new double[] {0, 0}, out.index(1).toDoubleArray());
        Tensor w = F.scaledDotProductAttentionWithWeights(q, k, v, mask, 0, false, Double.NaN).weights();
        assertArrayEquals(w.detach().matmul(v.detach()).toDoubleArray(), out.toDoubleArray(), 1e-12);
        out.sum().backward();
        assertArrayEquals(new double[] {0, 0}, q.grad().index(1).toDoubleArray());
        for (double g : k.grad().toDoubleArray()) assertTrue(Double.isFinite(g));
    }

    @Test
    void gradCheckAndDoubleBackward() {
        Tensor q = randn(5, 2, 3, 4), k = randn(6, 2, 5, 4), v = randn(7, 2, 5, 3);
        Tensor mask = Tensor.rand(new Generator(8), 3, 5).gt(0.2);
        Function<Tensor[], Tensor> f = t -> F.scaledDotProductAttention(t[0], t[1], t[2], mask, 0, false, Double.NaN);
        GradCheck.check(f, q, k, v);
        GradCheck.checkGradGrad(f, q, k, v);
        Function<Tensor[], Tensor> causal = t -> F.scaledDotProductAttention(t[0], t[1], t[2], null, 0, true, 0.7);
        GradCheck.check(causal, q, k, v);
    }

    @Test
    void headsAsPermutedViews() {
        // (B, T, H, E) projections viewed as (B, H, T, E), as MultiheadAttention does
        Tensor x = randn(11, 2, 5, 3 * 2 * 4);
        Tensor qkv = x.reshape(2, 5, 3, 2, 4).permute(2, 0, 3, 1, 4);
        Tensor q = qkv.select(0, 0), k = qkv.select(0, 1), v = qkv.select(0, 2);
        Tensor out = F.scaledDotProductAttention(q, k, v);
        assertArrayEquals(composite(q, k, v, null, false, Double.NaN).toDoubleArray(), out.toDoubleArray(), 1e-12);
        // the output is laid out as q is, heads innermost: merging them back is a view
        assertTrue(out.transpose(1, 2).isContiguous(), "output laid out (B, T, H, E)");
        GradCheck.check(t -> {
            Tensor p = t[0].reshape(2, 5, 3, 2, 4).permute(2, 0, 3, 1, 4);
            return F.scaledDotProductAttention(p.select(0, 0), p.select(0, 1), p.select(0, 2));
        }, x);
    }

    @Test
    void weightsPathReturnsProbabilities() {
        Tensor q = randn(1, 2, 3, 4), k = randn(2, 2, 5, 4), v = randn(3, 2, 5, 4);
        AttentionOps.Attention a = F.scaledDotProductAttentionWithWeights(q, k, v, null, 0, true, Double.NaN);
        Tensor expected = q.matmul(k.transpose(-2, -1)).mul(0.5)
                .maskedFill(Tensor.ones(DType.BOOL, 3, 5).tril().logicalNot(), Double.NEGATIVE_INFINITY).softmax(-1);
        assertArrayEquals(expected.toDoubleArray(), a.weights().toDoubleArray(), 1e-14);
        assertArrayEquals(F.scaledDotProductAttention(q, k, v, null, 0, true, Double.NaN).toDoubleArray(), a.output().toDoubleArray(), 1e-12);
        GradCheck.check(t -> F.scaledDotProductAttentionWithWeights(t[0], t[1], t[2], null, 0, true, Double.NaN).weights(), q, k, v);
    }

    @Test
    void dropoutScalesKeptProbabilities() {
        Tensor q = randn(1, 4, 8), k = randn(2, 6, 8), v = randn(3, 6, 2);
        Tensor p = F.scaledDotProductAttentionWithWeights(q, k, v, null, 0, false, Double.NaN).weights();
        Reel.manualSeed(3);
        AttentionOps.Attention d = F.scaledDotProductAttentionWithWeights(q, k, v, null, 0.25, false, Double.NaN);
        double[] pw = p.toDoubleArray(), dw = d.weights().toDoubleArray();
        int dropped = 0;
        for (int i = 0; i < pw.length; i++) {
            if (dw[i] == 0) dropped++;
            else assertEquals(pw[i] / 0.75, dw[i], 1e-14);
        }
        assertTrue(dropped > 0 && dropped < pw.length, "some but not all dropped: " + dropped);
        assertArrayEquals(d.weights().matmul(v).toDoubleArray(), d.output().toDoubleArray(), 1e-12);
        Reel.manualSeed(3);
        Tensor again = F.scaledDotProductAttention(q, k, v, null, 0.25, false, Double.NaN);
        assertArrayEquals(d.output().toDoubleArray(), again.toDoubleArray(), 0, "same seed, same dropout mask");
    }

    @Test
    void float32MatchesFloat64() {
        Tensor q = randn(1, 3, 70, 16), k = randn(2, 3, 150, 16), v = randn(3, 3, 150, 8);
        Tensor ref = composite(q, k, v, null, true, Double.NaN);
        Tensor out = F.scaledDotProductAttention(q.detach().to(DType.F32), k.detach().to(DType.F32), v.detach().to(DType.F32), null, 0, true,
                Double.NaN);
        // scores: dot products of 16 F32-exact terms (≤ 18u relative error of Σ|q||k|, |q||k| ≲ 16·4·4/4 after scaling);
        // an error δ in every score changes the probabilities by at most 2δ relative, the output (|v| ≲ 5) by 10δ
        double u = 0x1p-24, delta = 18 * u * 64;
        assertArrayEquals(ref.toDoubleArray(), out.toDoubleArray(), 10 * delta + 20 * u * 5);
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor q = Tensor.randn(2, 3, 4), k = Tensor.randn(2, 5, 4), v = Tensor.randn(2, 5, 4);
        var e1 = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, Tensor.randn(2, 5, 3), v));
        assertTrue(e1.getMessage().startsWith("scaled_dot_product_attention: q and k must have the same embedding size"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, Tensor.randn(2, 6, 4)));
        assertTrue(e2.getMessage().contains("same sequence length"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> F.scaledDotProductAttention(q, k, v, Tensor.ones(DType.BOOL, 3, 5), 0, true, Double.NaN));
        assertTrue(e3.getMessage().contains("is_causal"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> F.scaledDotProductAttention(q, k, v, Tensor.ones(DType.BOOL, 4, 5), 0, false, Double.NaN));
        assertTrue(e4.getMessage().contains("does not broadcast"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, v, null, 1.0, false, Double.NaN));
        assertTrue(e5.getMessage().contains("dropout_p"), e5.getMessage());
    }
}
