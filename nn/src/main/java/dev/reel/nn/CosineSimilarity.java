package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Cosine similarity of x1 and x2 along {@code dim} (default 1), each norm raised to at least
 * eps (default 1e-8), as {@code torch.nn.CosineSimilarity}.
 *
 * <pre>{@code
 * Tensor cos = new CosineSimilarity().forward(embeddingsA, embeddingsB);   // (N, D), (N, D) → (N)
 * }</pre>
 */
public class CosineSimilarity extends Module {
    private final int dim;
    private final double eps;

    public CosineSimilarity() { this(1, 1e-8); }

    public CosineSimilarity(int dim, double eps) {
        this.dim = dim;
        this.eps = eps;
    }

    public Tensor forward(Tensor x1, Tensor x2) { return F.cosineSimilarity(x1, x2, dim, eps); }
}
