package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * The optional arguments of {@link MultiheadAttention#forward}: PyTorch's key_padding_mask,
 * attn_mask, need_weights (default true), average_attn_weights (default true) and is_causal.
 *
 * <pre>{@code
 * var o = mha.forward(q, k, v, AttentionOptions.of().keyPaddingMask(pad).needWeights(false));
 * }</pre>
 */
public final class AttentionOptions {
    Tensor keyPaddingMask;
    Tensor attnMask;
    boolean needWeights = true;
    boolean averageAttnWeights = true;
    boolean isCausal;

    public static AttentionOptions of() { return new AttentionOptions(); }

    /** (N, S) or (S): BOOL true where a key is padding (ignored), or a float mask added to the scores. */
    public AttentionOptions keyPaddingMask(Tensor m) { keyPaddingMask = m; return this; }

    /** (L, S) or (N·heads, L, S): BOOL true where attention is not allowed, or a float mask added to the scores. */
    public AttentionOptions attnMask(Tensor m) { attnMask = m; return this; }

    public AttentionOptions needWeights(boolean v) { needWeights = v; return this; }

    /** Average the returned weights over heads (true) or return them per head. */
    public AttentionOptions averageAttnWeights(boolean v) { averageAttnWeights = v; return this; }

    /** Each position attends only to itself and earlier ones (used when no attnMask is given). */
    public AttentionOptions isCausal(boolean v) { isCausal = v; return this; }
}
