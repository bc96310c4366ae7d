package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The encoder-decoder Transformer of "Attention Is All You Need", as {@code torch.nn.Transformer}:
 * children {@code encoder} (a {@link TransformerEncoder} with a final LayerNorm) and
 * {@code decoder} (a {@link TransformerDecoder} with a final LayerNorm). As PyTorch, every
 * parameter with more than one dimension is then re-drawn with Xavier-uniform, so the layers do
 * not start equal.
 *
 * <pre>{@code
 * var model = new Transformer(256, 8, 3, 3, 1024, 0.1, "relu", 1e-5, true, false);
 * Tensor mask = Transformer.generateSquareSubsequentMask(tgt.size(1));
 * Tensor y = model.forward(src, tgt, null, mask, null, srcPad, tgtPad, srcPad);   // (N, T, 256)
 * }</pre>
 */
public class Transformer extends Layer {
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;
    private final int dModel;
    private final boolean batchFirst;

    /** PyTorch's defaults: d_model 512, 8 heads, 6 + 6 layers, dim_feedforward 2048, dropout 0.1, relu, time first. */
    public Transformer() { this(512, 8, 6, 6, 2048, 0.1, "relu", 1e-5, false, false); }

    /** activation "relu" or "gelu". */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, double dropout,
                       String activation, double layerNormEps, boolean batchFirst, boolean normFirst) {
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        this.encoder = register("encoder", new TransformerEncoder(
                () -> new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst),
                numEncoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true, true)));
        this.decoder = register("decoder", new TransformerDecoder(
                () -> new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst),
                numDecoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true, true)));
        for (Tensor p : parameters()) {
            if (p.dim() > 1) Init.xavierUniform(p, 1.0);
        }
    }

    public TransformerEncoder encoder() { return encoder; }

    public TransformerDecoder decoder() { return decoder; }

    /**
     * A float mask of size (sz, sz) with -inf above the diagonal and 0 elsewhere: position i may
     * attend to positions 0..i (PyTorch's {@code generate_square_subsequent_mask}).
     */
    public static Tensor generateSquareSubsequentMask(int sz) {
        if (sz <= 0) throw new IllegalArgumentException("generateSquareSubsequentMask: size must be positive, got " + sz);
        return Tensor.full(Double.NEGATIVE_INFINITY, sz, sz).triu(1);
    }

    /** An encoder-decoder needs a source and a target: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor src) {
        throw new IllegalArgumentException("Transformer: forward needs src and tgt: call forward(src, tgt)");
    }

    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null); }

    /**
     * Encodes {@code src} and decodes {@code tgt} against it. Masks may be null: srcMask (S, S),
     * tgtMask (T, T), memoryMask (T, S), and key padding masks (N, S), (N, T), (N, S).
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
                          Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        boolean batched = src.dim() == 3;
        if (src.dim() != tgt.dim() || (src.dim() != 2 && src.dim() != 3)) {
            throw new IllegalArgumentException("Transformer: src and tgt must both be 2-D (unbatched) or 3-D, got "
                    + Arrays.toString(src.shape()) + " and " + Arrays.toString(tgt.shape()));
        }
        int batchDim = batchFirst ? 0 : 1;
        if (batched && src.size(batchDim) != tgt.size(batchDim)) {
            throw new IllegalArgumentException("Transformer: the batch number of src and tgt must be equal, got "
                    + src.size(batchDim) + " and " + tgt.size(batchDim));
        }
        if (src.size(-1) != dModel || tgt.size(-1) != dModel) {
            throw new IllegalArgumentException("Transformer: the feature number of src and tgt must be equal to d_model "
                    + dModel + ", got " + src.size(-1) + " and " + tgt.size(-1));
        }
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask, false);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }
}
