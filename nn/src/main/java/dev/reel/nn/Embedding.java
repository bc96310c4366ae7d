package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.EmbeddingOps;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * {@code torch.nn.Embedding}: weight initialised N(0, 1), with the {@code paddingIdx} row (if
 * any) zero and never updated by gradients.
 *
 * <pre>{@code
 * var emb = new Embedding(1000, 64, 0);
 * Tensor v = emb.call(tokens);       // tokens I64 (N, L) -> (N, L, 64)
 * }</pre>
 */
public class Embedding extends Layer {
    /** No padding row (PyTorch's padding_idx=None). */
    public static final int NO_PADDING = EmbeddingOps.NO_PADDING;

    private final int numEmbeddings;
    private final int embeddingDim;
    private final int paddingIdx;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, NO_PADDING); }

    /** paddingIdx may be negative (counted from the end), or {@link #NO_PADDING}. */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be > 0, got " + numEmbeddings + " and " + embeddingDim);
        }
        if (paddingIdx != NO_PADDING && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings (" + numEmbeddings + ")");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == NO_PADDING || paddingIdx >= 0 ? paddingIdx : paddingIdx + numEmbeddings;
        Tensor w = registerParameter("weight", Tensor.empty(numEmbeddings, embeddingDim));
        Init.normal(w, 0, 1);
        if (this.paddingIdx != NO_PADDING) {
            try (var g = dev.reel.engine.Grad.off()) {
                w.select(0, this.paddingIdx).zero_();
            }
        }
    }

    public Tensor weight() { return param("weight"); }

    @Override
    public Tensor forward(Tensor input) { return F.embedding(input, weight(), paddingIdx); }

    @Override
    protected String extraRepr() { return numEmbeddings + ", " + embeddingDim + (paddingIdx != NO_PADDING ? ", padding_idx=" + paddingIdx : ""); }
}
