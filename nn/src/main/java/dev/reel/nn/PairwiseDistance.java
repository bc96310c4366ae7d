package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * ‖x1 - x2 + eps‖_p along the last dim, as {@code torch.nn.PairwiseDistance} (defaults p 2,
 * eps 1e-6, keepdim false).
 *
 * <pre>{@code
 * Tensor d = new PairwiseDistance().forward(a, b);   // (N, D), (N, D) → (N)
 * }</pre>
 */
public class PairwiseDistance extends Module {
    private final double p;
    private final double eps;
    private final boolean keepdim;

    public PairwiseDistance() { this(2, 1e-6, false); }

    public PairwiseDistance(double p, double eps, boolean keepdim) {
        this.p = p;
        this.eps = eps;
        this.keepdim = keepdim;
    }

    public Tensor forward(Tensor x1, Tensor x2) { return F.pairwiseDistance(x1, x2, p, eps, keepdim); }
}
