package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.function.UnaryOperator;

/**
 * One Transformer decoder block, as {@code torch.nn.TransformerDecoderLayer}: self-attention over
 * the target, cross-attention from the target to the encoder's output ({@code memory}), and a
 * feed-forward network (linear1 → activation → dropout → linear2), each with dropout and a
 * residual connection, and LayerNorm after each (post-norm) or before each ({@code normFirst}).
 * Children and state dict keys as PyTorch: self_attn, multihead_attn, linear1, dropout, linear2,
 * norm1, norm2, norm3, dropout1, dropout2, dropout3.
 *
 * <pre>{@code
 * var layer = new TransformerDecoderLayer(256, 8, 1024, 0.1, "relu", 1e-5, true, false);
 * Tensor causal = Transformer.generateSquareSubsequentMask(tgt.size(1));
 * Tensor y = layer.forward(tgt, memory, causal, null, tgtPadMask, memPadMask);   // (N, T, 256)
 * }</pre>
 */
public class TransformerDecoderLayer extends Layer {
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention multiheadAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;
    private final boolean normFirst;
    private final String activationName;
    private final UnaryOperator<Tensor> activation;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, eps 1e-5, time first, post-norm. */
    public TransformerDecoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    /** activation "relu" or "gelu". */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst) {
        this.activationName = activation;
        this.activation = switch (activation) {
            case "relu" -> Tensor::relu;
            case "gelu" -> Tensor::gelu;
            default -> throw new IllegalArgumentException("TransformerDecoderLayer: activation should be relu/gelu, not " + activation);
        };
        this.selfAttn = register("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, 0, 0));
        this.multiheadAttn = register("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, 0, 0));
        this.linear1 = register("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = register("dropout", new Dropout(dropout));
        this.linear2 = register("linear2", new Linear(dimFeedforward, dModel));
        this.norm1 = register("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        this.norm2 = register("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        this.norm3 = register("norm3", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        this.dropout1 = register("dropout1", new Dropout(dropout));
        this.dropout2 = register("dropout2", new Dropout(dropout));
        this.dropout3 = register("dropout3", new Dropout(dropout));
        this.normFirst = normFirst;
    }

    public boolean batchFirst() { return selfAttn.batchFirst(); }

    /** A decoder layer needs the encoder's output: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException("TransformerDecoderLayer: forward needs the memory (the encoder's output) besides tgt: "
                + "call forward(tgt, memory)");
    }

    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /** Masks may be null: tgtMask (T, T), memoryMask (T, S), tgtKeyPaddingMask (N, T), memoryKeyPaddingMask (N, S). */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        return forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, false, false);
    }

    /**
     * As PyTorch 2's signature: {@code tgtIsCausal} / {@code memoryIsCausal} apply a causal mask
     * where the matching mask is null.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        if (memory == null) throw new IllegalArgumentException("TransformerDecoderLayer: memory (the encoder's output) is null");
        AttentionOptions self = AttentionOptions.of().attnMask(tgtMask).keyPaddingMask(tgtKeyPaddingMask)
                .isCausal(tgtIsCausal && tgtMask == null).needWeights(false);
        AttentionOptions cross = AttentionOptions.of().attnMask(memoryMask).keyPaddingMask(memoryKeyPaddingMask)
                .isCausal(memoryIsCausal && memoryMask == null).needWeights(false);
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfAttention(norm1.call(x), self));
            x = x.add(crossAttention(norm2.call(x), memory, cross));
            x = x.add(feedForward(norm3.call(x)));
        } else {
            x = norm1.call(x.add(selfAttention(x, self)));
            x = norm2.call(x.add(crossAttention(x, memory, cross)));
            x = norm3.call(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfAttention(Tensor x, AttentionOptions o) {
        return dropout1.call(selfAttn.forward(x, x, x, o).output());
    }

    private Tensor crossAttention(Tensor x, Tensor memory, AttentionOptions o) {
        return dropout2.call(multiheadAttn.forward(x, memory, memory, o).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }

    @Override
    protected String extraRepr() { return normFirst ? "norm_first=True, activation=" + activationName : ""; }
}
