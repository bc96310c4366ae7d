package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.function.UnaryOperator;

/**
 * One Transformer encoder block, as {@code torch.nn.TransformerEncoderLayer}: self-attention and a
 * feed-forward network (linear1 → activation → dropout → linear2), each with dropout and a
 * residual connection, and LayerNorm after each (post-norm) or before each ({@code normFirst}).
 * Children and state dict keys as PyTorch: self_attn, linear1, dropout, linear2, norm1, norm2,
 * dropout1, dropout2.
 *
 * <pre>{@code
 * var layer = new TransformerEncoderLayer(256, 8, 1024, 0.1, "gelu", 1e-5, true, true);
 * Tensor y = layer.forward(x, null, padMask, false);     // x (N, L, 256)
 * }</pre>
 */
public class TransformerEncoderLayer extends Layer {
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final boolean normFirst;
    private final String activationName;
    private final UnaryOperator<Tensor> activation;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, eps 1e-5, time first, post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    /** activation "relu" or "gelu". */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst) {
        this.activationName = activation;
        this.activation = switch (activation) {
            case "relu" -> Tensor::relu;
            case "gelu" -> Tensor::gelu;
            default -> throw new IllegalArgumentException("TransformerEncoderLayer: activation should be relu/gelu, not " + activation);
        };
        this.selfAttn = register("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, 0, 0));
        this.linear1 = register("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = register("dropout", new Dropout(dropout));
        this.linear2 = register("linear2", new Linear(dimFeedforward, dModel));
        this.norm1 = register("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        this.norm2 = register("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        this.dropout1 = register("dropout1", new Dropout(dropout));
        this.dropout2 = register("dropout2", new Dropout(dropout));
        this.normFirst = normFirst;
    }

    public boolean batchFirst() { return selfAttn.batchFirst(); }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /** srcMask (L, L) or (N·heads, L, L) and srcKeyPaddingMask (N, L) may be null; isCausal applies when srcMask is null. */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask, boolean isCausal) {
        AttentionOptions o = AttentionOptions.of().attnMask(srcMask).keyPaddingMask(srcKeyPaddingMask).isCausal(isCausal).needWeights(false);
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.call(x), o));
            x = x.add(feedForward(norm2.call(x)));
        } else {
            x = norm1.call(x.add(selfAttention(x, o)));
            x = norm2.call(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfAttention(Tensor x, AttentionOptions o) {
        return dropout1.call(selfAttn.forward(x, x, x, o).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }

    @Override
    protected String extraRepr() { return normFirst ? "norm_first=True, activation=" + activationName : ""; }
}
