package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.function.Supplier;

/**
 * A stack of {@code numLayers} encoder layers and an optional final LayerNorm, as
 * {@code torch.nn.TransformerEncoder}: children {@code layers.0 ...} and {@code norm}. As PyTorch
 * clones one layer, every layer starts with the first one's weights.
 *
 * <pre>{@code
 * var enc = new TransformerEncoder(() -> new TransformerEncoderLayer(256, 8, 1024, 0.1, "relu", 1e-5, true, false), 6,
 *                                  new LayerNorm(256));
 * Tensor y = enc.forward(x, null, padMask, false);
 * }</pre>
 */
public class TransformerEncoder extends Layer {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    /** norm may be null. */
    public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers, LayerNorm norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: num_layers must be > 0, got " + numLayers);
        layers = register("layers", new ModuleList<>());
        TransformerEncoderLayer first = layer.get();
        layers.add(first);
        for (int i = 1; i < numLayers; i++) {
            TransformerEncoderLayer copy = layer.get();
            copy.loadStateDict(first.stateDict());
            layers.add(copy);
        }
        this.norm = norm == null ? null : register("norm", norm);
    }

    public ModuleList<TransformerEncoderLayer> layers() { return layers; }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (TransformerEncoderLayer l : layers) x = l.forward(x, mask, srcKeyPaddingMask, isCausal);
        return norm == null ? x : norm.call(x);
    }
}
