package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradMode;
import java.util.Arrays;

/**
 * Scaled dot-product attention with PyTorch 2.x's semantics:
 * <pre>
 *   out = softmax(q·kᵀ·scale + bias) · v        q (..., L, E), k (..., S, E), v (..., S, Ev) → (..., L, Ev)
 * </pre>
 * scale defaults to 1/√E; bias comes from {@code attnMask} (BOOL: keep where true, i.e. -∞ where
 * false; float: added) or from {@code isCausal} (query i sees keys j ≤ i), never both. Batch dims
 * broadcast, the mask broadcasts to (..., L, S). A row whose keys are all masked gives zeros (as
 * PyTorch's safe softmax, 2.5 and later), not NaN.
 *
 * <p>The fused path ({@code Backend.attentionForward}) never forms the (L, S) matrix: the CPU
 * kernel runs flash-attention style, an online softmax over key blocks, and saves only the output
 * and each row's log-sum-exp; backward ({@code Backend.attentionBackward}) recomputes the
 * probabilities block by block from them. Dropout on the probabilities, a float mask that requires
 * grad, and the weights path ({@link #attentionWithWeights}) use the composite formula, which also
 * is the reference in tests and the Backend default. Double backward (create_graph) recomputes
 * with the composite formula.
 *
 * <pre>{@code
 * Tensor out = F.scaledDotProductAttention(q, k, v, null, 0.0, true, Double.NaN);   // causal, scale 1/√E
 * AttentionOps.Attention a = F.scaledDotProductAttentionWithWeights(q, k, v, mask, 0.0, false, Double.NaN);
 * }</pre>
 */
public final class AttentionOps {
    private AttentionOps() {}

    /** The output and the attention probabilities (..., L, S). */
    public record Attention(Tensor output, Tensor weights) {}

    /** The operands broadcast to one batch shape, the mask to (..., L, S), and the scale resolved. */
    private record Prepared(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {}

    private static Prepared prepare(String op, Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP, boolean causal, double scale) {
        for (Tensor t : new Tensor[] {q, k, v}) {
            if (t.dim() < 2) throw new IllegalArgumentException(op + ": q, k and v need at least 2 dims (..., L, E), got " + Arrays.toString(t.shape()));
            if (!t.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": expected floating point q, k, v, got " + t.dtype().torchName());
            if (t.dtype() != q.dtype()) {
                throw new IllegalArgumentException(op + ": q, k and v must have one dtype, got " + q.dtype().torchName() + ", "
                        + k.dtype().torchName() + ", " + v.dtype().torchName());
            }
        }
        int e = q.size(-1), l = q.size(-2), s = k.size(-2);
        if (k.size(-1) != e) {
            throw new IllegalArgumentException(op + ": q and k must have the same embedding size, got q " + Arrays.toString(q.shape()) + " and k "
                    + Arrays.toString(k.shape()));
        }
        if (v.size(-2) != s) {
            throw new IllegalArgumentException(op + ": k and v must have the same sequence length, got k " + Arrays.toString(k.shape()) + " and v "
                    + Arrays.toString(v.shape()));
        }
        if (!(dropoutP >= 0 && dropoutP < 1)) throw new IllegalArgumentException(op + ": dropout_p must be in [0, 1), got " + dropoutP);
        if (causal && mask != null) throw new IllegalArgumentException(op + ": an explicit attn_mask must not be given when is_causal is true");
        if (mask != null && mask.dtype() != DType.BOOL && mask.dtype() != q.dtype()) {
            throw new IllegalArgumentException(op + ": attn_mask must be bool or " + q.dtype().torchName() + ", got " + mask.dtype().torchName());
        }
        int[] batch = Shapes.broadcast(batchOf(q), batchOf(k), op);
        batch = Shapes.broadcast(batch, batchOf(v), op);
        Tensor qe = q.expand(withTail(batch, l, e)), ke = k.expand(withTail(batch, s, e)), ve = v.expand(withTail(batch, s, v.size(-1)));
        Tensor me = null;
        if (mask != null) {
            int[] full = withTail(batch, l, s);
            if (!broadcastsTo(mask.shape(), full)) {
                throw new IllegalArgumentException(op + ": attn_mask " + Arrays.toString(mask.shape()) + " does not broadcast to the scores "
                        + Arrays.toString(full));
            }
            me = mask.expand(full);
        }
        return new Prepared(qe, ke, ve, me, Double.isNaN(scale) ? 1 / Math.sqrt(e) : scale);
    }

    private static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        for (int i = 0; i < from.length; i++) {
            int f = from[from.length - 1 - i], t = to[to.length - 1 - i];
            if (f != 1 && f != t) return false;
        }
        return true;
    }

    private static int[] batchOf(Tensor t) { return Arrays.copyOf(t.shape(), t.dim() - 2); }

    private static int[] withTail(int[] batch, int a, int b) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = a;
        s[batch.length + 1] = b;
        return s;
    }

    /** softmax(q·kᵀ·scale + mask)·v; scale NaN means 1/√E. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal,
                                                   double scale) {
        String op = "scaled_dot_product_attention";
        Prepared p = prepare(op, q, k, v, attnMask, dropoutP, isCausal, scale);
        boolean maskNeedsGrad = p.mask != null && p.mask.dtype().isFloatingPoint() && Graph.needsGrad(p.mask);
        if (dropoutP > 0 || maskNeedsGrad) return composite(p, dropoutP, isCausal).output();
        int[] outShape = withTail(batchOf(p.q), p.q.size(-2), p.v.size(-1));
        Tensor out = emptyLaidOutAs(p.q, outShape);
        Tensor lse = Creation.empty(q.dtype(), q.device(), Arrays.copyOf(outShape, outShape.length - 1));
        q.backend().attentionForward(p.q, p.k, p.v, p.mask, isCausal, p.scale, out, lse);
        Tensor mask = p.mask;
        double sc = p.scale;
        return Graph.record("ScaledDotProductAttentionBackward0", out, new Tensor[] {p.q, p.k, p.v},
                new Tensor[] {p.q, p.k, p.v, out, lse}, (g, s) -> {
                    if (GradMode.isEnabled()) return backwardDifferentiable(s[0], s[1], s[2], mask, isCausal, sc, g);
                    Tensor dq = emptyLaidOutAs(s[0], s[0].shape()), dk = emptyLaidOutAs(s[1], s[1].shape());
                    Tensor dv = emptyLaidOutAs(s[2], s[2].shape());
                    g.backend().attentionBackward(s[0], s[1], s[2], mask, isCausal, sc, s[3], s[4], g, dq, dk, dv);
                    return new Tensor[] {dq, dk, dv};
                });
    }

    /**
     * A zero-filled tensor of {@code shape} (like's rank) whose leading dims are laid out in the
     * order of like's strides, the last dim innermost: heads of a packed projection, q of
     * (N, H, L, E) with strides of (N, L, H, E), give an output laid out (N, L, H, Ev), so that
     * merging the heads back is a view, not a copy (as PyTorch's flash attention on the CPU).
     */
    private static Tensor emptyLaidOutAs(Tensor like, int[] shape) {
        int d = shape.length;
        int[] st = like.strides();
        Integer[] order = new Integer[d - 1];
        for (int i = 0; i < d - 1; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(st[b], st[a]));   // stable: ties keep their order
        int[] strides = new int[d];
        int step = shape[d - 1];
        strides[d - 1] = 1;
        for (int i = d - 2; i >= 0; i--) {
            strides[order[i]] = step;
            step *= shape[order[i]];
        }
        return Creation.emptyStrided(like.dtype(), like.device(), shape, strides);
    }

    /** The output and the probabilities, both differentiable (the composite formula, as {@code need_weights=True}). */
    public static Attention attentionWithWeights(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal,
                                                 double scale) {
        return composite(prepare("scaled_dot_product_attention", q, k, v, attnMask, dropoutP, isCausal, scale), dropoutP, isCausal);
    }

    private static Attention composite(Prepared p, double dropoutP, boolean causal) {
        Tensor probs = probabilitiesReference(p.q, p.k, p.mask, causal, p.scale);
        Tensor used = dropoutP > 0 ? DropoutOps.dropout(probs, dropoutP, true, Reel.defaultGenerator()) : probs;
        return new Attention(used.matmul(p.v), used);
    }

    /** The scores q·kᵀ·scale with the mask or the causal bias applied (-∞ where masked out). */
    public static Tensor scoresReference(Tensor q, Tensor k, Tensor mask, boolean causal, double scale) {
        Tensor s = q.matmul(k.transpose(-2, -1)).mul(scale);
        int l = q.size(-2), n = k.size(-2);
        if (causal) {
            Tensor keep = Creation.full(1, DType.BOOL, q.device(), l, n).tril();
            s = s.maskedFill(keep.logicalNot(), Double.NEGATIVE_INFINITY);
        } else if (mask != null) {
            s = mask.dtype() == DType.BOOL ? s.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY) : s.add(mask);
        }
        return s;
    }

    /**
     * softmax of the scores along the keys, with rows that are masked out entirely set to zero (their
     * scores are replaced by 0 before the softmax so that no NaN enters the gradient).
     */
    public static Tensor probabilitiesReference(Tensor q, Tensor k, Tensor mask, boolean causal, double scale) {
        Tensor s = scoresReference(q, k, mask, causal, scale);
        Tensor dead = s.detach().amax(new int[] {-1}, true).eq(Double.NEGATIVE_INFINITY);
        Tensor safe = s.maskedFill(dead, 0.0);
        return safe.softmax(-1).maskedFill(dead, 0.0);
    }

    /** The composite output and the log-sum-exp of each score row (-∞ for rows masked out entirely). */
    public static Tensor[] forwardReference(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        Tensor s = scoresReference(q, k, mask, causal, scale);
        Tensor m = s.amax(new int[] {-1}, true);
        Tensor dead = m.eq(Double.NEGATIVE_INFINITY);
        Tensor mSafe = m.maskedFill(dead, 0.0);
        Tensor lse = s.sub(mSafe).exp().sum(-1, true).log().add(mSafe).squeeze(-1);
        return new Tensor[] {probabilitiesReference(q, k, mask, causal, scale).matmul(v), lse};
    }

    /**
     * The composite gradients from the saved output and log-sum-exp:
     * <pre>
     *   P = exp(S - lse)     dV = Pᵀ·dO     dP = dO·Vᵀ     D = rowsum(dO ⊙ O)
     *   dS = P ⊙ (dP - D)    dQ = dS·K·scale    dK = dSᵀ·Q·scale
     * </pre>
     */
    public static Tensor[] backwardReference(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out,
                                             Tensor lse, Tensor dOut) {
        Tensor s = scoresReference(q, k, mask, causal, scale);
        Tensor l = lse.unsqueeze(-1);
        Tensor dead = l.eq(Double.NEGATIVE_INFINITY);
        Tensor p = s.sub(l.maskedFill(dead, 0.0)).exp().maskedFill(dead, 0.0);
        Tensor dv = p.transpose(-2, -1).matmul(dOut);
        Tensor dp = dOut.matmul(v.transpose(-2, -1));
        Tensor d = dOut.mul(out).sum(-1, true);
        Tensor ds = p.mul(dp.sub(d));
        return new Tensor[] {ds.matmul(k).mul(scale), ds.transpose(-2, -1).matmul(q).mul(scale), dv};
    }

    /** Backward with differentiable ops on recomputed probabilities, for create_graph. */
    private static Tensor[] backwardDifferentiable(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor g) {
        Tensor p = probabilitiesReference(q, k, mask, causal, scale);
        Tensor dv = p.transpose(-2, -1).matmul(g);
        Tensor dp = g.matmul(v.transpose(-2, -1));
        Tensor ds = p.mul(dp.sub(dp.mul(p).sum(-1, true)));
        return new Tensor[] {ds.matmul(k).mul(scale), ds.transpose(-2, -1).matmul(q).mul(scale), dv};
    }
}
