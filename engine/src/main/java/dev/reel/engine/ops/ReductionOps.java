package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ReduceOp;

/**
 * Reductions over any dims, with keepDim. The primitives (sum, prod, max/min) call
 * {@code Backend.reduce}; mean, var/std, logsumexp and norm are composed from them.
 */
public final class ReductionOps {
    private ReductionOps() {}

    /** Values and their indices along a dim (as the named tuple PyTorch's max/min return). */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    /** Empty dims mean "all dims", as PyTorch's {@code dim=[]}... for sum and mean. */
    private static int[] dimsOrAll(int[] dims, int rank, String op) {
        return dims.length == 0 ? Shapes.allDims(rank) : Shapes.wrapDims(dims, rank, op);
    }

    /** Runs a reduction kernel; returns the keepDim-shaped result. */
    private static Tensor reduceKernel(ReduceOp op, Tensor x, int[] dims, DType outDt) {
        Tensor out = Creation.empty(outDt, x.device(), Shapes.reducedShape(x.shape(), dims, true));
        x.backend().reduce(op, x, dims, out);
        return out;
    }

    private static Tensor finish(Tensor keep, int[] shape, int[] dims, boolean keepDim) {
        return keepDim ? keep : keep.reshape(Shapes.reducedShape(shape, dims, false));
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int[] d = dimsOrAll(dims, x.dim(), "sum");
        DType dt = x.dtype().isFloatingPoint() ? x.dtype() : DType.I64;
        Tensor keep = reduceKernel(ReduceOp.SUM, x, d, dt);
        int[] inShape = x.shape();
        keep = Graph.record("SumBackward1", keep, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.expand(inShape)});
        return finish(keep, inShape, d, keepDim);
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: could not infer output dtype. Input dtype must be a floating point dtype, got "
                    + x.dtype().torchName());
        }
        int[] d = dimsOrAll(dims, x.dim(), "mean");
        long n = 1;
        for (int i : d) n *= x.size(i);
        return sum(x, d, keepDim).div((double) n);
    }

    /** Product; d/dx_i = Π_{j≠i} x_j (out/x_i when no x is zero, else computed directly). */
    public static Tensor prod(Tensor x, int[] dims, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int[] d = dimsOrAll(dims, x.dim(), "prod");
        if (d.length > 1 && x.dtype().isFloatingPoint()) {
            // move the reduced dims last, merge them, reduce one dim
            int r = x.dim();
            int[] order = new int[r];
            int k = 0;
            boolean[] red = new boolean[r];
            for (int i : d) red[i] = true;
            for (int i = 0; i < r; i++) if (!red[i]) order[k++] = i;
            for (int i : d) order[k++] = i;
            Tensor moved = x.permute(order);
            int[] ms = moved.shape();
            int keepRank = r - d.length;
            int[] merged = java.util.Arrays.copyOf(ms, keepRank + 1);
            merged[keepRank] = -1;
            Tensor p = prod(moved.reshape(merged), new int[] {keepRank}, false);
            Tensor keep = p.reshape(Shapes.reducedShape(x.shape(), d, true));
            return finish(keep, x.shape(), d, keepDim);
        }
        DType dt = x.dtype().isFloatingPoint() ? x.dtype() : DType.I64;
        Tensor keep = reduceKernel(ReduceOp.PROD, x, d, dt);
        int[] inShape = x.shape();
        int dim = d.length == 1 ? d[0] : 0;
        keep = Graph.record("ProdBackward1", keep, new Tensor[] {x}, new Tensor[] {x, keep}, (g, s) -> {
            Tensor in = s[0], out = s[1];
            boolean anyZero;
            try (var off = Grad.off()) {
                anyZero = in.eq(0.0).any().itemBoolean();
            }
            if (!anyZero) return new Tensor[] {g.expand(inShape).mul(out.expand(inShape)).div(in)};
            return new Tensor[] {g.expand(inShape).mul(productOfOthers(in, dim))};
        });
        return finish(keep, inShape, d, keepDim);
    }

    /** others[..., i, ...] = Π_{j≠i} x[..., j, ...] along dim, through an L×L matrix with ones on the diagonal. */
    private static Tensor productOfOthers(Tensor x, int dim) {
        Tensor last = x.movedim(dim, -1);
        int l = last.size(-1);
        int[] es = last.shape();
        int[] big = java.util.Arrays.copyOf(es, es.length + 1);
        big[es.length - 1] = l;
        big[es.length] = l;
        Tensor m = last.unsqueeze(-2).expand(big);
        Tensor eye = Creation.eye(l, l, DType.BOOL).to(x.device());
        Tensor others = BinaryOps.where(eye, m.newScalar(1), m).prod(-1, false);
        return others.movedim(-1, dim);
    }

    public static Tensor var(Tensor x, int[] dims, double correction, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int[] d = dimsOrAll(dims, x.dim(), "var");
        long n = 1;
        for (int i : d) n *= x.size(i);
        Tensor centered = x.sub(x.mean(d, true));
        return centered.square().sum(d, keepDim).div(Math.max(0, n - correction));
    }

    /** Max over dims; the gradient is shared evenly among tied maxima. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) { return extreme(x, dims, keepDim, true); }

    public static Tensor amin(Tensor x, int[] dims, boolean keepDim) { return extreme(x, dims, keepDim, false); }

    private static Tensor extreme(Tensor x, int[] dims, boolean keepDim, boolean max) {
        String op = max ? "amax" : "amin";
        int[] d = dimsOrAll(dims, x.dim(), op);
        for (int i : d) {
            if (x.size(i) == 0) throw new IllegalArgumentException(op + ": cannot reduce over dimension " + i + " of size 0");
        }
        if (x.numel() == 0) throw new IllegalArgumentException(op + ": cannot reduce an empty tensor");
        Tensor keep = reduceKernel(max ? ReduceOp.MAX : ReduceOp.MIN, x, d, x.dtype());
        if (x.dtype().isFloatingPoint()) {
            int[] inShape = x.shape();
            keep = Graph.record(max ? "AmaxBackward0" : "AminBackward0", keep, new Tensor[] {x}, new Tensor[] {x, keep}, (g, s) -> {
                Tensor mask = s[0].eq(s[1]).to(g.dtype());
                return new Tensor[] {g.expand(inShape).mul(mask).div(mask.sum(d, true))};
            });
        }
        return finish(keep, x.shape(), d, keepDim);
    }

    /** max/min along one dim with indices; the gradient goes to the chosen index. */
    public static ValuesIndices maxDim(Tensor x, int dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim(dim, x.dim(), op);
        Tensor src = x.dim() == 0 ? x.reshape(1) : x;
        if (src.size(d) == 0) {
            throw new IllegalArgumentException(op + "(): Expected reduction dim " + d + " to have non-zero size.");
        }
        int[] keepShape = Shapes.reducedShape(src.shape(), new int[] {d}, true);
        Tensor values = Creation.empty(x.dtype(), x.device(), keepShape);
        Tensor indices = Creation.empty(DType.I64, x.device(), keepShape);
        x.backend().argReduce(max, src, d, values, indices);
        if (x.dtype().isFloatingPoint()) {
            int[] inShape = src.shape();
            values = Graph.record(max ? "MaxBackward0" : "MinBackward0", values, new Tensor[] {src}, new Tensor[] {indices},
                    (g, s) -> new Tensor[] {Creation.full(0, g.dtype(), g.device(), inShape).scatter(d, s[0], g)});
        }
        if (x.dim() == 0) return new ValuesIndices(values.reshape(), indices.reshape());
        if (!keepDim) {
            values = values.squeeze(d);
            indices = indices.squeeze(d);
        }
        return new ValuesIndices(values, indices);
    }

    /** log Σ exp(x), stabilised by subtracting the (detached) max. */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int[] d = dimsOrAll(dims, x.dim(), "logsumexp");
        Tensor m = amax(x.detach(), d, true);
        m = BinaryOps.where(m.isFinite(), m, m.newScalar(0));
        Tensor r = x.sub(m).exp().sum(d, true).log().add(m);
        return keepDim ? r : r.reshape(Shapes.reducedShape(x.shape(), d, false));
    }

    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int[] d = dimsOrAll(dims, x.dim(), "norm");
        if (p == 2) {
            Tensor keep;
            try (var off = Grad.off()) {
                keep = x.square().sum(d, true).sqrt();
            }
            int[] inShape = x.shape();
            keep = Graph.record("NormBackward1", keep, new Tensor[] {x}, new Tensor[] {x, keep}, (g, s) -> {
                // d‖x‖/dx = x/‖x‖, and 0 at x = 0 (the subgradient PyTorch picks)
                Tensor n = s[1];
                Tensor safe = BinaryOps.where(n.eq(0.0), n.newScalar(1), n);
                Tensor scale = BinaryOps.where(n.eq(0.0), n.newScalar(0), g.div(safe));
                return new Tensor[] {s[0].mul(scale.expand(inShape))};
            });
            return finish(keep, x.shape(), d, keepDim);
        }
        if (p == 1) return x.abs().sum(d, keepDim);
        if (p == Double.POSITIVE_INFINITY) return x.abs().amax(d, keepDim);
        if (p == Double.NEGATIVE_INFINITY) return x.abs().amin(d, keepDim);
        if (p == 0) return x.ne(0.0).to(x.dtype()).sum(d, keepDim);
        return x.abs().pow(p).sum(d, keepDim).pow(1 / p);
    }

    /** Inclusive prefix sum; its gradient is the reversed prefix sum of the gradient. */
    public static Tensor cumsum(Tensor x, int dim) {
        // autocast: the float32 list (PyTorch's) runs in F32
        x = AutocastMode.fp32(x);
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim(dim, x.dim(), "cumsum");
        if (x.dim() == 0) return x.clone();
        DType dt = x.dtype().isFloatingPoint() ? x.dtype() : DType.I64;
        Tensor out = Creation.empty(dt, x.device(), x.shape());
        x.backend().cumsum(x, d, out);
        return Graph.record("CumsumBackward0", out, new Tensor[] {x}, new Tensor[0],
                (g, s) -> new Tensor[] {g.flip(d).cumsum(d).flip(d)});
    }

    public static Tensor logicalReduce(Tensor x, boolean all, int[] dims, boolean keepDim) {
        int[] d = dimsOrAll(dims, x.dim(), all ? "all" : "any");
        Tensor keep = reduceKernel(all ? ReduceOp.ALL : ReduceOp.ANY, x, d, DType.BOOL);
        return finish(keep, x.shape(), d, keepDim);
    }

    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        try (var off = Grad.off()) {
            Shapes.broadcast(a.shape(), b.shape(), "allclose");
            DType dt = DType.promote(DType.promote(a.dtype(), b.dtype()), DType.F64);
            Tensor x = a.to(dt), y = b.to(dt);
            Tensor ok = x.sub(y).abs().le(y.abs().mul(rtol).add(atol)).logicalOr(x.eq(y));
            return ok.all().itemBoolean();
        }
    }
}
