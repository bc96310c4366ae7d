package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.function.Supplier;

/**
 * A stack of {@code numLayers} decoder layers and an optional final LayerNorm, as
 * {@code torch.nn.TransformerDecoder}: children {@code layers.0 ...} and {@code norm}. As PyTorch
 * clones one layer, every layer starts with the first one's weights.
 *
 * <pre>{@code
 * var dec = new TransformerDecoder(() -> new TransformerDecoderLayer(256, 8, 1024, 0.1, "relu", 1e-5, true, false), 6,
 *                                  new LayerNorm(256));
 * Tensor y = dec.forward(tgt, memory, Transformer.generateSquareSubsequentMask(tgt.size(1)), null, null, null);
 * }</pre>
 */
public class TransformerDecoder extends Layer {
    private final ModuleList<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    /** norm may be null. */
    public TransformerDecoder(Supplier<TransformerDecoderLayer> layer, int numLayers, LayerNorm norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerDecoder: num_layers must be > 0, got " + numLayers);
        layers = register("layers", new ModuleList<>());
        TransformerDecoderLayer first = layer.get();
        layers.add(first);
        for (int i = 1; i < numLayers; i++) {
            TransformerDecoderLayer copy = layer.get();
            copy.loadStateDict(first.stateDict());
            layers.add(copy);
        }
        this.norm = norm == null ? null : register("norm", norm);
    }

    public ModuleList<TransformerDecoderLayer> layers() { return layers; }

    /** A decoder needs the encoder's output: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException("TransformerDecoder: forward needs the memory (the encoder's output) besides tgt: "
                + "call forward(tgt, memory)");
    }

    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /** Masks may be null; see {@link TransformerDecoderLayer#forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        return forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, false, false);
    }

    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        Tensor x = tgt;
        for (TransformerDecoderLayer l : layers) {
            x = l.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        }
        return norm == null ? x : norm.call(x);
    }
}
