package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;

/**
 * softmax and log-softmax over one dim.
 *
 * <p>Forward subtracts the (detached) maximum along the dim before exponentiating, so large
 * logits never overflow: softmax(x) = e^(x-m) / Σ e^(x-m). Each op is one graph node whose
 * backward reads only the output y:
 * <pre>
 *   softmax:     dx = y · (g - Σ g·y)
 *   log_softmax: dx = g - e^y · Σ g
 * </pre>
 * Both formulas are written with differentiable ops on the saved output (which is itself
 * connected to this node), so second derivatives work.
 *
 * <pre>{@code
 * Tensor p = F.softmax(logits, -1);          // rows sum to one
 * Tensor logp = F.logSoftmax(logits, 1);
 * }</pre>
 */
public final class SoftmaxOps {
    private SoftmaxOps() {}

    private static Tensor checkedInput(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        }
        return x;
    }

    /** The detached maximum along d (keepDim), with non-finite maxima replaced by 0 so rows of -inf stay NaN-free as in PyTorch. */
    private static Tensor stableShift(Tensor x, int d) {
        Tensor m = x.detach().amax(new int[] {d}, true);
        return m.where(m.isFinite(), m.newScalar(0));
    }

    /** softmax(x) along dim: (*) → (*). A 0-d input is treated as one element (result 1). */
    public static Tensor softmax(Tensor x, int dim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        Tensor in = checkedInput(x, "softmax");
        int d = Shapes.wrapDim(dim, in.dim(), "softmax");
        if (in.dim() == 0) return softmax(in.reshape(1), 0).reshape();
        if (in.numel() == 0) return in.clone();
        Tensor y = FusedRows.softmax(in, d, false); // single-pass kernel for contiguous F32 rows, else the composite
        if (y == null) {
            try (var off = Grad.off()) {
                Tensor e = in.sub(stableShift(in, d)).exp();
                y = e.div(e.sum(d, true));
            }
        }
        return Graph.record("SoftmaxBackward0", y, new Tensor[] {in}, new Tensor[] {y}, (g, s) -> {
            Tensor out = s[0];
            Tensor fused = FusedRows.softmaxBackward(out, g, d, false);   // one row kernel, unless create_graph
            if (fused != null) return new Tensor[] {fused};
            return new Tensor[] {out.mul(g.sub(g.mul(out).sum(d, true)))};
        });
    }

    /** log(softmax(x)) along dim, computed as x - m - log Σ e^(x-m). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        Tensor in = checkedInput(x, "log_softmax");
        int d = Shapes.wrapDim(dim, in.dim(), "log_softmax");
        if (in.dim() == 0) return logSoftmax(in.reshape(1), 0).reshape();
        if (in.numel() == 0) return in.clone();
        Tensor y = FusedRows.softmax(in, d, true);
        if (y == null) {
            try (var off = Grad.off()) {
                Tensor shifted = in.sub(stableShift(in, d));
                y = shifted.sub(shifted.exp().sum(d, true).log());
            }
        }
        return Graph.record("LogSoftmaxBackward0", y, new Tensor[] {in}, new Tensor[] {y}, (g, s) -> {
            Tensor out = s[0];
            Tensor fused = FusedRows.softmaxBackward(out, g, d, true);
            if (fused != null) return new Tensor[] {fused};
            return new Tensor[] {g.sub(out.exp().mul(g.sum(d, true)))};
        });
    }
}
