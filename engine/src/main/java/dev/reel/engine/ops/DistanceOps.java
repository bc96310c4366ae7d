package dev.reel.engine.ops;

import dev.reel.engine.Tensor;

/**
 * Similarities and distances between batches of vectors, as {@code torch.nn.functional}'s
 * {@code cosine_similarity} and {@code pairwise_distance}; composed of differentiable ops.
 *
 * <pre>{@code
 * Tensor cos = DistanceOps.cosineSimilarity(a, b, 1, 1e-8);         // (N, D), (N, D) → (N)
 * Tensor d = DistanceOps.pairwiseDistance(a, b, 2, 1e-6, false);    // ‖a - b + eps‖₂ per row
 * }</pre>
 */
public final class DistanceOps {
    private DistanceOps() {}

    private static void checkFloating(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected floating point inputs, got " + x.dtype().torchName());
        }
    }

    /**
     * Σ (x1/‖x1‖)·(x2/‖x2‖) along dim after broadcasting x1 and x2; each norm is raised to at
     * least eps. As PyTorch, the raise is not part of the graph: below eps the gradient still
     * flows as if the norm were unclamped.
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        String op = "cosine_similarity";
        checkFloating(x1, op);
        checkFloating(x2, op);
        int[] shape = Shapes.broadcast(x1.shape(), x2.shape(), op);
        Tensor a = x1.expand(shape), b = x2.expand(shape);
        int d = Shapes.wrapDim(dim, shape.length, op);
        return a.div(clampedNorm(a, d, eps)).mul(b.div(clampedNorm(b, d, eps))).sum(d, false);
    }

    /** ‖x‖₂ along dim (kept), raised to eps outside the graph (a straight-through clamp). */
    private static Tensor clampedNorm(Tensor x, int dim, double eps) {
        Tensor n = x.norm(2, new int[] {dim}, true);
        return n.add(n.clampMin(eps).sub(n).detach());
    }

    /** ‖x1 - x2 + eps‖_p along the last dim (of the broadcast shape); keepdim keeps it as size 1. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        String op = "pairwise_distance";
        checkFloating(x1, op);
        checkFloating(x2, op);
        Shapes.broadcast(x1.shape(), x2.shape(), op);
        int rank = Math.max(x1.dim(), x2.dim());
        Tensor diff = x1.sub(x2).add(eps);
        if (rank == 0) return keepdim ? diff.abs().reshape(1) : diff.abs();
        return diff.norm(p, new int[] {rank - 1}, keepdim);
    }
}
