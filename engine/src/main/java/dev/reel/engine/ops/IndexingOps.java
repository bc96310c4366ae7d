package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Slice;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indexing: Python-style {@code index(...)}, index_select, gather, scatter(_add), index_add,
 * masked fill/select and nonzero. Gradients pair up: gather ↔ scatter-add, index_select ↔ index_add.
 */
public final class IndexingOps {
    private IndexingOps() {}

    private static Tensor asIndex(Tensor index, String op) {
        if (index.dtype() == DType.I64) return index;
        if (index.dtype() == DType.I32 || index.dtype() == DType.U8) return index.to(DType.I64);
        throw new IllegalArgumentException(op + ": expected an integer (int64) index tensor, got " + index.dtype().torchName());
    }

    public static Tensor index(Tensor x, Object... indices) {
        int ellipses = 0, consuming = 0;
        for (Object o : indices) {
            if (o == Slice.ELLIPSIS) ellipses++;
            else if (o instanceof Tensor t && t.dtype() == DType.BOOL) consuming += t.dim();
            else if (o != Slice.NEW_AXIS) consuming++;
        }
        if (ellipses > 1) throw new IllegalArgumentException("index: an index can only have a single ellipsis ('...')");
        if (consuming > x.dim()) {
            throw new IndexOutOfBoundsException("index: too many indices for tensor of dimension " + x.dim() + " (got " + consuming + ")");
        }
        Tensor t = x;
        int dim = 0;
        int tensorIndices = 0;
        for (Object o : indices) {
            if (o == Slice.ELLIPSIS) {
                dim += x.dim() - consuming;
            } else if (o == Slice.NEW_AXIS) {
                t = t.unsqueeze(dim++);
            } else if (o instanceof Integer i) {
                t = t.select(dim, i);
            } else if (o instanceof Long l) {
                t = t.select(dim, Math.toIntExact(l));
            } else if (o instanceof Slice s) {
                int size = t.size(dim);
                t = t.slice(dim, s.start() == null ? 0 : s.start(), s.end() == null ? size : s.end(), s.step());
                dim++;
            } else if (o instanceof Tensor idx) {
                if (++tensorIndices > 1) {
                    throw new IllegalArgumentException("index: only one tensor index per call is supported; index in two steps");
                }
                if (idx.dtype() == DType.BOOL) {
                    int[] ts = t.shape();
                    for (int k = 0; k < idx.dim(); k++) {
                        if (idx.size(k) != ts[dim + k]) {
                            throw new IndexOutOfBoundsException("index: the shape of the mask " + Arrays.toString(idx.shape()) + " at index "
                                    + k + " does not match the shape of the indexed tensor " + Arrays.toString(ts) + " at index " + (dim + k));
                        }
                    }
                    int[] merged = new int[ts.length - idx.dim() + 1];
                    for (int k = 0, j = 0; k < ts.length; k++) {
                        if (k == dim) merged[j++] = -1;
                        else if (k < dim || k >= dim + idx.dim()) merged[j++] = ts[k];
                    }
                    Tensor flat = t.reshape(merged);
                    t = flat.indexSelect(dim, idx.reshape(-1).nonzero().reshape(-1));
                    dim++;
                } else {
                    Tensor ix = asIndex(idx, "index");
                    int[] is = ix.shape();
                    Tensor sel = t.indexSelect(dim, ix.reshape(-1));
                    if (is.length != 1) sel = sel.unflatten(dim, is.length == 0 ? new int[0] : is);
                    if (is.length == 0) sel = sel.reshape(dropDim(sel.shape(), dim));
                    t = sel;
                    dim += is.length;
                }
            } else {
                throw new IllegalArgumentException("index: unsupported index " + o + " (use Integer, Slice, Slice.NEW_AXIS, "
                        + "Slice.ELLIPSIS or a tensor)");
            }
        }
        return t;
    }

    private static int[] dropDim(int[] s, int d) {
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) r[j++] = s[i];
        return r;
    }

    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Tensor ix = asIndex(index, "index_select");
        if (ix.dim() > 1) throw new IllegalArgumentException("index_select: index should have at most 1 dimension, got " + ix.dim());
        int d = Shapes.wrapDim(dim, x.dim(), "index_select");
        Tensor src = x.dim() == 0 ? x.reshape(1) : x;
        int[] shape = src.shape();
        shape[d] = ix.numel();
        Tensor out = Creation.empty(x.dtype(), x.device(), shape);
        x.backend().indexSelect(src, d, ix.reshape(-1), out);
        if (!x.dtype().isFloatingPoint()) return out;
        int[] inShape = src.shape();
        return Graph.record("IndexSelectBackward0", out, new Tensor[] {src}, new Tensor[] {ix}, (g, s) -> new Tensor[] {
            Creation.full(0, g.dtype(), g.device(), inShape).indexAdd(d, s[0], g)});
    }

    public static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor src) {
        Tensor ix = asIndex(index, "index_add").reshape(-1);
        int d = Shapes.wrapDim(dim, self.dim(), "index_add");
        if (src.dim() != self.dim() || src.size(d) != ix.numel()) {
            throw new IllegalArgumentException("index_add: source " + Arrays.toString(src.shape()) + " must have the rank of self "
                    + Arrays.toString(self.shape()) + " and " + ix.numel() + " slices along dim " + d);
        }
        for (int k = 0; k < self.dim(); k++) {
            if (k != d && self.size(k) != src.size(k)) {
                throw new IllegalArgumentException("index_add: source " + Arrays.toString(src.shape()) + " and self "
                        + Arrays.toString(self.shape()) + " differ at dim " + k);
            }
        }
        Tensor s2 = src.to(self.dtype());
        Tensor out = self.clone().detach();
        self.backend().indexAdd(out, d, ix, s2);
        if (!self.dtype().isFloatingPoint()) return out;
        return Graph.record("IndexAddBackward0", out, new Tensor[] {self, s2}, new Tensor[] {ix},
                (g, s) -> new Tensor[] {g, g.indexSelect(d, s[0])});
    }

    private static void checkGatherShapes(Tensor x, int d, Tensor index, String op) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": index tensor must have the same number of dimensions as input tensor ("
                    + index.dim() + " != " + x.dim() + ")");
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && index.size(k) > x.size(k)) {
                throw new IllegalArgumentException(op + ": size of index " + Arrays.toString(index.shape()) + " does not match input "
                        + Arrays.toString(x.shape()) + " at dimension " + k);
            }
        }
    }

    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor ix = asIndex(index, "gather");
        int d = Shapes.wrapDim(dim, x.dim(), "gather");
        checkGatherShapes(x, d, ix, "gather");
        Tensor out = Creation.empty(x.dtype(), x.device(), ix.shape());
        x.backend().gather(x, d, ix, out);
        if (!x.dtype().isFloatingPoint()) return out;
        int[] inShape = x.shape();
        return Graph.record("GatherBackward0", out, new Tensor[] {x}, new Tensor[] {ix}, (g, s) -> new Tensor[] {
            scatterAddToZeros(inShape, d, s[0], g)});
    }

    /** Pads t with zeros at the end of each dim up to shape (differentiable). */
    private static Tensor padTo(Tensor t, int[] shape) {
        Tensor r = t;
        for (int k = 0; k < shape.length; k++) {
            if (r.size(k) != shape[k]) {
                int[] s = r.shape();
                s[k] = shape[k];
                r = ViewOps.sliceBackward(r, s, k, 0, r.size(k), 1);
            }
        }
        return r;
    }

    /**
     * {@code zeros(shape).scatterAdd(dim, index, src)} for an index of src's shape (gather's and
     * max pooling's gradient), written straight into the fresh zeros: no clone of a zero tensor.
     * Differentiable in src (its gradient is the gather at the same index).
     */
    static Tensor scatterAddToZeros(int[] shape, int dim, Tensor index, Tensor src) {
        if (!Arrays.equals(index.shape(), src.shape())) {
            throw new IllegalArgumentException("scatter_add: index " + Arrays.toString(index.shape()) + " and src "
                    + Arrays.toString(src.shape()) + " must have one shape here");
        }
        Tensor out = Creation.full(0, src.dtype(), src.device(), shape);
        src.backend().scatter(out, dim, index, src, true);
        return Graph.record("ScatterAddBackward0", out, new Tensor[] {src}, new Tensor[] {index},
                (g, s) -> new Tensor[] {g.gather(dim, s[0])});
    }

    public static Tensor scatter(Tensor self, int dim, Tensor index, Tensor src, boolean accumulate) {
        String op = accumulate ? "scatter_add" : "scatter";
        Tensor ix = asIndex(index, op);
        int d = Shapes.wrapDim(dim, self.dim(), op);
        checkGatherShapes(self, d, ix, op);
        for (int k = 0; k < ix.dim(); k++) {
            if (ix.size(k) > src.size(k)) {
                throw new IllegalArgumentException(op + ": index " + Arrays.toString(ix.shape()) + " is larger than src "
                        + Arrays.toString(src.shape()) + " at dimension " + k);
            }
        }
        Tensor s2 = src.to(self.dtype());
        Tensor out = self.clone().detach();
        self.backend().scatter(out, d, ix, s2, accumulate);
        if (!self.dtype().isFloatingPoint()) return out;
        int[] srcShape = s2.shape();
        return Graph.record(accumulate ? "ScatterAddBackward0" : "ScatterBackward0", out, new Tensor[] {self, s2}, new Tensor[] {ix},
                (g, s) -> {
                    Tensor dSelf = accumulate ? g : g.scatter(d, s[0], 0.0);
                    Tensor dSrc = padTo(g.gather(d, s[0]), srcShape);
                    return new Tensor[] {dSelf, dSrc};
                });
    }

    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_fill: expected a boolean mask, got " + mask.dtype().torchName());
        }
        Shapes.broadcast(mask.shape(), x.shape(), "masked_fill");
        Tensor r = BinaryOps.where(mask, x.newScalar(value), x);
        if (!Arrays.equals(r.shape(), x.shape())) {
            throw new IllegalArgumentException("masked_fill: mask " + Arrays.toString(mask.shape()) + " does not broadcast to "
                    + Arrays.toString(x.shape()));
        }
        return r;
    }

    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_select: expected a boolean mask, got " + mask.dtype().torchName());
        }
        int[] shape = Shapes.broadcast(x.shape(), mask.shape(), "masked_select");
        Tensor flatIdx = mask.expand(shape).reshape(-1).nonzero().reshape(-1);
        return x.expand(shape).reshape(-1).indexSelect(0, flatIdx);
    }

    /** Coordinates of the nonzero elements, (count, rank), I64; reads the data on the host. */
    public static Tensor nonzero(Tensor x) {
        Tensor h = x.cpu().contiguous();
        CpuStorage s = (CpuStorage) h.storage();
        int n = h.numel(), r = h.dim();
        int[] shape = h.shape();
        List<long[]> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (s.get(h.offset() + i) != 0) {
                long[] c = new long[r];
                int rem = i;
                for (int d = r - 1; d >= 0; d--) {
                    c[d] = rem % shape[d];
                    rem /= shape[d];
                }
                hits.add(c);
            }
        }
        long[] flat = new long[hits.size() * r];
        for (int i = 0; i < hits.size(); i++) System.arraycopy(hits.get(i), 0, flat, i * r, r);
        return Tensor.fromArray(flat, hits.size(), r).to(x.device());
    }
}
