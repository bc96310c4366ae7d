package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradMode;

/**
 * The single-pass row kernels ({@code Backend.softmaxRows}, {@code softmaxBackwardRows}, {@code Backend.layerNormRows}) for the
 * inputs that qualify: F32 (or F64, which the CPU runs in its scalar double-precision twin, so
 * that gradient checks cover these nodes, or BF16/F16, which run in F32), contiguous, reduced over the trailing dim(s), non-empty. Each method
 * returns null for any other input, and the caller ({@link SoftmaxOps}, {@link NormOps}) then runs
 * its composite formula, which stays the reference.
 *
 * <p>Layer norm gets one graph node here, {@code NativeLayerNormBackward0}, whose backward is
 * <pre>
 *   x̂ = (x - μ)·rstd     g_w = g·w
 *   dx = rstd·(g_w - mean(g_w) - x̂·mean(g_w·x̂))     dw = Σ_rows g·x̂     db = Σ_rows g
 * </pre>
 * written with tensor ops on the saved μ and rstd; under create_graph it recomputes μ and rstd
 * from x with differentiable ops, so second derivatives stay exact.
 */
final class FusedRows {
    private FusedRows() {}

    private static boolean qualifies(Tensor x) {
        // BF16/F16 rows qualify too: the backend call runs them in F32 (HalfAsFloat), as PyTorch does
        return x.dtype().isFloatingPoint() && x.isContiguous() && x.numel() > 0;
    }

    /** A raw (rows, n) view of a contiguous tensor, outside the graph. */
    private static Tensor rows(Tensor t, int n) {
        return Tensor.fromStorage(t.storage(), new int[] {t.numel() / n, n}, new int[] {n, 1}, t.offset());
    }

    /** softmax or log-softmax along dim d, or null when x does not qualify (d must be the last dim). */
    static Tensor softmax(Tensor x, int d, boolean log) {
        if (!qualifies(x) || d != x.dim() - 1) return null;
        int n = x.size(d);
        Tensor out = Creation.emptyForOverwrite(x.dtype(), x.device(), x.shape());   // every row written
        x.backend().softmaxRows(rows(x, n), log, rows(out, n));
        return out;
    }

    /**
     * The gradient of {@link #softmax} (d the last dim) from its output y and dy, or null where the
     * composite formula must run: under create_graph (the gradient must itself be differentiable),
     * or for inputs that do not qualify. A non-contiguous dy (an expanded gradient) is made
     * contiguous first, which is still cheaper than the four ops of the composite.
     */
    static Tensor softmaxBackward(Tensor y, Tensor dy, int d, boolean log) {
        if (GradMode.isEnabled() || !qualifies(y) || d != y.dim() - 1 || dy.dtype() != y.dtype() || !dy.device().equals(y.device())
                || !java.util.Arrays.equals(dy.shape(), y.shape())) {
            return null;
        }
        int n = y.size(d);
        Tensor g = dy.contiguous(), dx = Creation.emptyForOverwrite(y.dtype(), y.device(), y.shape());
        y.backend().softmaxBackwardRows(rows(y, n), rows(g, n), log, rows(dx, n));
        return dx;
    }

    /** Layer norm over the trailing dims normalizedShape (already checked by NormOps), or null when x does not qualify. */
    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int n = Shapes.numel(normalizedShape);
        if (!qualifies(x) || (weight != null && weight.dtype() != x.dtype()) || (bias != null && bias.dtype() != x.dtype())) return null;
        int r = x.numel() / n;
        // the kernel writes every row of out and every mean and rstd
        Tensor out = Creation.emptyForOverwrite(x.dtype(), x.device(), x.shape());
        Tensor mean = Creation.emptyForOverwrite(x.dtype(), x.device(), r), rstd = Creation.emptyForOverwrite(x.dtype(), x.device(), r);
        Tensor w = weight == null ? null : weight.detach().reshape(n), b = bias == null ? null : bias.detach().reshape(n);
        x.backend().layerNormRows(rows(x, n), w, b, eps, rows(out, n), mean, rstd);
        return Graph.record("NativeLayerNormBackward0", out, new Tensor[] {x, weight, bias}, new Tensor[] {x, weight, mean, rstd},
                (g, s) -> layerNormBackward(g, s[0], s[1], s[2], s[3], normalizedShape.clone(), eps, weight != null, bias != null));
    }

    private static Tensor[] layerNormBackward(Tensor g, Tensor x, Tensor weight, Tensor mean, Tensor rstd, int[] normalizedShape,
                                              double eps, boolean hasWeight, boolean hasBias) {
        int n = Shapes.numel(normalizedShape);
        Tensor xr = x.reshape(-1, n), rs, xhat;
        if (GradMode.isEnabled()) { // create_graph: everything as a differentiable function of x
            Tensor centered = xr.sub(xr.mean(1, true));
            rs = centered.square().mean(1, true).add(eps).rsqrt();
            xhat = centered.mul(rs);
        } else {
            rs = rstd.unsqueeze(1);
            xhat = xr.sub(mean.unsqueeze(1)).mul(rs);
        }
        Tensor gr = g.reshape(-1, n);
        Tensor gw = hasWeight ? gr.mul(weight.reshape(n)) : gr;
        Tensor dx = rs.mul(gw.sub(gw.mean(1, true)).sub(xhat.mul(gw.mul(xhat).mean(1, true)))).reshape(x.shape());
        Tensor dw = hasWeight ? gr.mul(xhat).sum(0).reshape(normalizedShape) : null;
        Tensor db = hasBias ? gr.sum(0).reshape(normalizedShape) : null;
        return new Tensor[] {dx, dw, db};
    }
}
