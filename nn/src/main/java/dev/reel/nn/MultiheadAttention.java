package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head scaled dot-product attention, as {@code torch.nn.MultiheadAttention}: parameters
 * {@code in_proj_weight} (3E, E) — or {@code q_proj_weight}, {@code k_proj_weight},
 * {@code v_proj_weight} when kdim/vdim differ from E — {@code in_proj_bias} (3E),
 * {@code out_proj.weight}, {@code out_proj.bias}, initialised as PyTorch (xavier-uniform
 * projections, zero biases). Inputs are (L, N, E), or (N, L, E) with batchFirst, or unbatched
 * (L, E).
 *
 * <pre>{@code
 * var mha = new MultiheadAttention(256, 8, 0, true, true, 0, 0);   // batch_first
 * MultiheadAttention.Output o = mha.forward(x, x, x, AttentionOptions.of().isCausal(true));
 * o.output();    // (N, L, 256);  o.weights(): (N, L, L), averaged over heads
 * }</pre>
 */
public class MultiheadAttention extends Module {
    /** The attention output and the attention weights (null unless asked for). */
    public record Output(Tensor output, Tensor weights) {}

    private final int embedDim;
    private final int numHeads;
    private final int kdim;
    private final int vdim;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean sameEmbedDim;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0, true, false, 0, 0); }

    /** kdim, vdim 0: embedDim. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst, int kdim, int vdim) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim (" + embedDim + ") must be divisible by num_heads (" + numHeads + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim == 0 ? embedDim : kdim;
        this.vdim = vdim == 0 ? embedDim : vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.sameEmbedDim = this.kdim == embedDim && this.vdim == embedDim;
        if (sameEmbedDim) {
            Init.xavierUniform(registerParameter("in_proj_weight", Tensor.empty(3 * embedDim, embedDim)), 1);
        } else {
            Init.xavierUniform(registerParameter("q_proj_weight", Tensor.empty(embedDim, embedDim)), 1);
            Init.xavierUniform(registerParameter("k_proj_weight", Tensor.empty(embedDim, this.kdim)), 1);
            Init.xavierUniform(registerParameter("v_proj_weight", Tensor.empty(embedDim, this.vdim)), 1);
        }
        if (bias) registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
        outProj = register("out_proj", new Linear(embedDim, embedDim, bias));
        if (bias) Init.zeros(outProj.bias());
    }

    public int embedDim() { return embedDim; }

    public int numHeads() { return numHeads; }

    public boolean batchFirst() { return batchFirst; }

    public Output forward(Tensor query, Tensor key, Tensor value) { return forward(query, key, value, AttentionOptions.of()); }

    public Output forward(Tensor query, Tensor key, Tensor value, AttentionOptions o) {
        boolean unbatched = query.dim() == 2, selfAttention = query == key && key == value;
        if (query.dim() != (unbatched ? 2 : 3) || key.dim() != query.dim() || value.dim() != query.dim()) {
            throw new IllegalArgumentException("MultiheadAttention: query, key and value must all be 3-D (batched) or 2-D (unbatched), got "
                    + Arrays.toString(query.shape()) + ", " + Arrays.toString(key.shape()) + ", " + Arrays.toString(value.shape()));
        }
        // Everything below works in the caller's layout: batch first (N, L, E) or time first
        // (L, N, E); an unbatched input is batch first with N = 1. No input is transposed.
        boolean bf = batchFirst || unbatched;
        Tensor q = unbatched ? query.unsqueeze(0) : query, k = unbatched ? key.unsqueeze(0) : key, v = unbatched ? value.unsqueeze(0) : value;
        int nd = bf ? 0 : 1, td = 1 - nd;
        int n = q.size(nd), tgt = q.size(td), src = k.size(td);
        if (q.size(2) != embedDim || k.size(2) != kdim || v.size(2) != vdim || v.size(td) != src || k.size(nd) != n || v.size(nd) != n) {
            String l = bf ? "(N, L, " : "(L, N, ", s = bf ? "(N, S, " : "(S, N, ";
            throw new IllegalArgumentException("MultiheadAttention: expected query " + l + embedDim + "), key " + s + kdim + ") and value " + s
                    + vdim + ")" + (unbatched ? " (unbatched: without N)" : batchFirst ? " (batch first)" : " (time first)") + ", got "
                    + Arrays.toString(query.shape()) + ", " + Arrays.toString(key.shape()) + ", " + Arrays.toString(value.shape()));
        }

        // input projections: one GEMM for q, k and v together when they are one tensor (self-attention)
        Tensor b = paramOrNull("in_proj_bias");
        if (sameEmbedDim && selfAttention) {
            Tensor qkv = F.linear(q, param("in_proj_weight"), b);                     // (N, L, 3E) or (L, N, 3E)
            Tensor parts = qkv.view(qkv.size(0), qkv.size(1), 3, numHeads, embedDim / numHeads);
            q = heads(parts.select(2, 0), bf);
            k = heads(parts.select(2, 1), bf);
            v = heads(parts.select(2, 2), bf);
        } else {
            List<Tensor> bs = b == null ? null : b.chunk(3, 0);
            Tensor wq, wk, wv;
            if (sameEmbedDim) {
                List<Tensor> w = param("in_proj_weight").chunk(3, 0);
                wq = w.get(0);
                wk = w.get(1);
                wv = w.get(2);
            } else {
                wq = param("q_proj_weight");
                wk = param("k_proj_weight");
                wv = param("v_proj_weight");
            }
            q = splitHeads(F.linear(q, wq, bs == null ? null : bs.get(0)), bf);
            k = splitHeads(F.linear(k, wk, bs == null ? null : bs.get(1)), bf);
            v = splitHeads(F.linear(v, wv, bs == null ? null : bs.get(2)), bf);
        }

        // scaled dot-product attention over (N, H, L, hd) views: the engine's fused kernel, or the
        // path that also returns the probabilities
        Tensor mask = mergedMask(o, unbatched, n, tgt, src, q.dtype());
        if (mask != null) mask = mask.size(0) == 1 ? mask : mask.reshape(n, numHeads, mask.size(1), src);   // (N·H, L or 1, S) -> (N, H, L or 1, S)
        double p = isTraining() ? dropout : 0;
        Tensor attn = null, heads;
        if (o.needWeights) {
            var a = F.scaledDotProductAttentionWithWeights(q, k, v, mask, p, false, Double.NaN);
            heads = a.output();
            attn = a.weights();
        } else {
            heads = F.scaledDotProductAttention(q, k, v, mask, p, false, Double.NaN);
        }
        // (N, H, L, hd) -> the caller's layout; the fused kernel lays its output out as q is
        // (heads innermost), so this reshape is a view there
        Tensor merged = (bf ? heads.transpose(1, 2) : heads.permute(2, 0, 1, 3)).reshape(bf ? n : tgt, bf ? tgt : n, embedDim);
        Tensor out = outProj.call(merged);

        Tensor weights = null;
        if (o.needWeights) {
            weights = attn.reshape(n, numHeads, tgt, src);
            if (o.averageAttnWeights) weights = weights.mean(1);
            if (unbatched) weights = weights.squeeze(0);
        }
        if (unbatched) out = out.squeeze(0);
        return new Output(out, weights);
    }

    /** (N, L, E) or (L, N, E) -> (N, H, L, hd), a view. */
    private Tensor splitHeads(Tensor x, boolean bf) {
        return heads(x.view(x.size(0), x.size(1), numHeads, embedDim / numHeads), bf);
    }

    /** (N, L, H, hd) or (L, N, H, hd) -> (N, H, L, hd), a view. */
    private static Tensor heads(Tensor x, boolean bf) {
        return bf ? x.transpose(1, 2) : x.permute(1, 2, 0, 3);
    }

    /** The additive mask (N·H or 1, L, S) from attn_mask, is_causal and key_padding_mask, or null. */
    private Tensor mergedMask(AttentionOptions o, boolean unbatched, int n, int tgt, int src, DType dtype) {
        Tensor mask = null;
        if (o.attnMask != null) {
            Tensor m = additive(o.attnMask, dtype, "attn_mask");
            if (m.dim() == 2) {
                if (m.size(0) != tgt || m.size(1) != src) throw badMask("attn_mask", m, "(" + tgt + ", " + src + ")");
                mask = m.unsqueeze(0);
            } else if (m.dim() == 3 && m.size(0) == n * numHeads && m.size(1) == tgt && m.size(2) == src) {
                mask = m;
            } else {
                throw badMask("attn_mask", m, "(" + tgt + ", " + src + ") or (" + n * numHeads + ", " + tgt + ", " + src + ")");
            }
        } else if (o.isCausal) {
            mask = Tensor.full(Double.NEGATIVE_INFINITY, dtype, tgt, src).triu(1).unsqueeze(0);
        }
        if (o.keyPaddingMask != null) {
            Tensor kpm = additive(o.keyPaddingMask, dtype, "key_padding_mask");
            if (unbatched && kpm.dim() == 1) kpm = kpm.unsqueeze(0);
            if (kpm.dim() != 2 || kpm.size(0) != n || kpm.size(1) != src) throw badMask("key_padding_mask", kpm, "(" + n + ", " + src + ")");
            // (N, S) -> (N·H, 1, S), each sample's row repeated for its heads
            kpm = kpm.reshape(n, 1, 1, src).expand(n, numHeads, 1, src).reshape(n * numHeads, 1, src);
            mask = mask == null ? kpm : mask.add(kpm);
        }
        return mask;
    }

    /** A BOOL mask (true = masked) as 0 / -inf; a float mask as it is. */
    private static Tensor additive(Tensor m, DType dtype, String what) {
        if (m.dtype() == DType.BOOL) return Tensor.zeros(dtype, m.shape()).maskedFill(m, Double.NEGATIVE_INFINITY);
        if (!m.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("MultiheadAttention: only bool and floating types of " + what + " are supported, got "
                    + m.dtype().torchName());
        }
        return m.to(dtype);
    }

    private static IllegalArgumentException badMask(String what, Tensor m, String expected) {
        return new IllegalArgumentException("MultiheadAttention: " + what + " must have shape " + expected + ", got "
                + Arrays.toString(m.shape()));
    }

    @Override
    protected String typeName() { return "MultiheadAttention"; }
}
