package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Views: new shape/strides/offset over the same storage, no copy. Each records a backward that
 * maps the gradient back to the input's geometry (reshape back, inverse permutation, sum over
 * broadcast dims, or scatter into zeros for slices).
 */
public final class ViewOps {
    private ViewOps() {}

    private static Tensor record(String name, Tensor in, Tensor out, dev.reel.engine.autograd.BackwardFn fn) {
        return Graph.record(name, out, new Tensor[] {in}, new Tensor[0], fn);
    }

    /** Tells the engine where a view's output lies in its input (see {@code Node.setRegion}). */
    private static Tensor withRegion(Tensor out, java.util.function.UnaryOperator<Tensor> region) {
        if (out.gradFn() != null) out.gradFn().setRegion(region);
        return out;
    }

    /** view: shape (with one -1) → (same numel); needs compatible strides. */
    public static Tensor view(Tensor t, int[] shape) {
        int[] sh = Shapes.inferSize(shape, t.numel(), "view");
        int[] st = Shapes.viewStrides(t.shape(), t.strides(), sh);
        if (st == null) {
            throw new IllegalArgumentException("view: size " + Arrays.toString(sh) + " is not compatible with input tensor's size "
                    + Arrays.toString(t.shape()) + " and stride " + Arrays.toString(t.strides())
                    + " (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        int[] inShape = t.shape();
        return record("ViewBackward0", t, t.asStrided(sh, st, t.offset()), (g, s) -> new Tensor[] {g.reshape(inShape)});
    }

    public static Tensor reshape(Tensor t, int[] shape) {
        int[] sh = Shapes.inferSize(shape, t.numel(), "reshape");
        int[] st = Shapes.viewStrides(t.shape(), t.strides(), sh);
        if (st != null) return view(t, sh);
        return view(t.clone(), sh);
    }

    public static Tensor permute(Tensor t, int[] dims) {
        int r = t.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: number of dims don't match in permute: got " + dims.length + " dims for a tensor of rank " + r);
        }
        int[] sh = t.shape(), st = t.strides();
        int[] nsh = new int[r], nst = new int[r], inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = Shapes.wrapDim(dims[i], r, "permute");
            if (seen[d]) throw new IllegalArgumentException("permute: repeated dim " + d + " in " + Arrays.toString(dims));
            seen[d] = true;
            nsh[i] = sh[d];
            nst[i] = st[d];
            inverse[d] = i;
        }
        return record("PermuteBackward0", t, t.asStrided(nsh, nst, t.offset()), (g, s) -> new Tensor[] {g.permute(inverse)});
    }

    public static Tensor transpose(Tensor t, int d0, int d1) {
        int r = t.dim();
        if (r == 0) return t;
        int a = Shapes.wrapDim(d0, r, "transpose"), b = Shapes.wrapDim(d1, r, "transpose");
        int[] p = Shapes.allDims(r);
        p[a] = b;
        p[b] = a;
        return permute(t, p);
    }

    public static Tensor t(Tensor t) {
        if (t.dim() > 2) throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but self is " + t.dim() + "D");
        return t.dim() < 2 ? t : transpose(t, 0, 1);
    }

    public static Tensor movedim(Tensor t, int source, int destination) {
        int r = t.dim();
        int s = Shapes.wrapDim(source, r, "movedim"), d = Shapes.wrapDim(destination, r, "movedim");
        int[] order = new int[r];
        int[] rest = new int[r - 1];
        for (int i = 0, j = 0; i < r; i++) if (i != s) rest[j++] = i;
        for (int i = 0, j = 0; i < r; i++) order[i] = i == d ? s : rest[j++];
        return permute(t, order);
    }

    /** Validated slice [start, end) with step along dim; start/end already in range. */
    public static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Shapes.wrapDim(dim, t.dim(), "slice");
        int size = t.size(d);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        if (start < 0 || start > size || end < start || end > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + (end - start)
                    + " are out of range for dimension " + d + " of size " + size);
        }
        int[] sh = t.shape(), st = t.strides();
        int n = (end - start + step - 1) / step;
        int offset = t.offset() + start * st[d];
        sh[d] = n;
        st[d] *= step;
        int[] inShape = t.shape();
        return withRegion(record("SliceBackward0", t, t.asStrided(sh, st, offset),
                (g, s) -> new Tensor[] {sliceBackward(g, inShape, d, start, end, step)}), full -> full.slice(d, start, end, step));
    }

    /** Python slicing semantics: negative indices count from the end; out-of-range bounds are clamped. */
    public static Tensor sliceClamped(Tensor t, int dim, int start, int end, int step) {
        int d = Shapes.wrapDim(dim, t.dim(), "slice");
        int size = t.size(d);
        int s = start < 0 ? start + size : start, e = end < 0 ? end + size : end;
        s = Math.max(0, Math.min(s, size));
        e = Math.max(s, Math.min(e, size));
        return slice(t, d, s, e, step);
    }

    /** The gradient of a slice: zeros of the input's shape with g written into the sliced region. */
    public static Tensor sliceBackward(Tensor g, int[] inShape, int dim, int start, int end, int step) {
        Tensor out = Creation.empty(g.dtype(), g.device(), inShape);
        int[] st = out.strides(), sh = out.shape();
        int n = (end - start + step - 1) / step;
        sh[dim] = n;
        int offset = start * st[dim];
        st[dim] *= step;
        out.backend().copy(g, Tensor.fromStorage(out.storage(), sh, st, offset));
        return Graph.record("SliceBackwardBackward0", out, new Tensor[] {g}, new Tensor[0],
                (h, s) -> new Tensor[] {h.slice(dim, start, end, step)});
    }

    public static Tensor select(Tensor t, int dim, int index) {
        if (t.dim() == 0) throw new IllegalArgumentException("select: cannot be applied to a 0-dim tensor");
        int d = Shapes.wrapDim(dim, t.dim(), "select");
        int size = t.size(d);
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dimension " + d + " with size " + size);
        }
        int i = index < 0 ? index + size : index;
        int[] sh = t.shape(), st = t.strides();
        int[] nsh = new int[sh.length - 1], nst = new int[sh.length - 1];
        for (int a = 0, b = 0; a < sh.length; a++) {
            if (a == d) continue;
            nsh[b] = sh[a];
            nst[b++] = st[a];
        }
        int[] inShape = t.shape();
        return withRegion(record("SelectBackward0", t, t.asStrided(nsh, nst, t.offset() + i * st[d]),
                (g, s) -> new Tensor[] {sliceBackward(g.unsqueeze(d), inShape, d, i, i + 1, 1)}), full -> full.select(d, i));
    }

    public static Tensor expand(Tensor t, int[] shape) {
        int r = t.dim();
        if (shape.length < r) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + shape.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + r + ")");
        }
        int[] sh = t.shape(), st = t.strides();
        int[] nsh = new int[shape.length], nst = new int[shape.length];
        int lead = shape.length - r;
        for (int i = 0; i < shape.length; i++) {
            int want = shape[i];
            if (i < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: the expanded size " + want + " is not allowed in a leading, non-existing dimension " + i);
                nsh[i] = want;
                nst[i] = 0;
                continue;
            }
            int have = sh[i - lead];
            if (want == -1) want = have;
            if (have == want) {
                nsh[i] = have;
                nst[i] = st[i - lead];
            } else if (have == 1) {
                nsh[i] = want;
                nst[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want + ") must match the existing size ("
                        + have + ") at non-singleton dimension " + i + ".  Target sizes: " + Arrays.toString(shape)
                        + ".  Tensor sizes: " + Arrays.toString(sh));
            }
        }
        if (Arrays.equals(nsh, sh)) return t;
        int[] inShape = t.shape();
        return record("ExpandBackward0", t, t.asStrided(nsh, nst, t.offset()), (g, s) -> new Tensor[] {sumToShape(g, inShape)});
    }

    /** Sums a broadcast gradient back down to shape (leading dims and size-1 dims). */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[n++] = i;
        }
        Tensor r = n == 0 ? g : g.sum(Arrays.copyOf(dims, n), true);
        return r.reshape(shape);
    }

    public static Tensor squeeze(Tensor t) {
        int[] sh = t.shape();
        int n = 0;
        for (int s : sh) if (s != 1) n++;
        int[] nsh = new int[n];
        int j = 0;
        for (int s : sh) if (s != 1) nsh[j++] = s;
        return n == sh.length ? t : view(t, nsh);
    }

    public static Tensor squeeze(Tensor t, int dim) {
        if (t.dim() == 0) return t;
        int d = Shapes.wrapDim(dim, t.dim(), "squeeze");
        if (t.size(d) != 1) return t;
        int[] sh = t.shape(), st = t.strides();
        int[] nsh = new int[sh.length - 1], nst = new int[sh.length - 1];
        for (int a = 0, b = 0; a < sh.length; a++) {
            if (a == d) continue;
            nsh[b] = sh[a];
            nst[b++] = st[a];
        }
        int[] inShape = t.shape();
        return record("SqueezeBackward1", t, t.asStrided(nsh, nst, t.offset()), (g, s) -> new Tensor[] {g.reshape(inShape)});
    }

    public static Tensor unsqueeze(Tensor t, int dim) {
        int d = Shapes.wrapDim(dim, t.dim() + 1, "unsqueeze");
        int[] sh = t.shape(), st = t.strides();
        int[] nsh = new int[sh.length + 1], nst = new int[sh.length + 1];
        for (int a = 0, b = 0; a < nsh.length; a++) {
            if (a == d) {
                nsh[a] = 1;
                nst[a] = b < sh.length ? st[b] * sh[b] : 1;
            } else {
                nsh[a] = sh[b];
                nst[a] = st[b++];
            }
        }
        int[] inShape = t.shape();
        return record("UnsqueezeBackward0", t, t.asStrided(nsh, nst, t.offset()), (g, s) -> new Tensor[] {g.reshape(inShape)});
    }

    public static Tensor flatten(Tensor t, int startDim, int endDim) {
        if (t.dim() == 0) return reshape(t, new int[] {1});
        int a = Shapes.wrapDim(startDim, t.dim(), "flatten"), b = Shapes.wrapDim(endDim, t.dim(), "flatten");
        if (a > b) throw new IllegalArgumentException("flatten: start_dim " + a + " cannot come after end_dim " + b);
        int[] sh = t.shape();
        int[] nsh = new int[sh.length - (b - a)];
        int k = 0;
        for (int i = 0; i < a; i++) nsh[k++] = sh[i];
        int m = 1;
        for (int i = a; i <= b; i++) m *= sh[i];
        nsh[k++] = m;
        for (int i = b + 1; i < sh.length; i++) nsh[k++] = sh[i];
        return reshape(t, nsh);
    }

    public static Tensor unflatten(Tensor t, int dim, int[] sizes) {
        int d = Shapes.wrapDim(dim, t.dim(), "unflatten");
        int[] inner = Shapes.inferSize(sizes, t.size(d), "unflatten");
        int[] sh = t.shape();
        int[] nsh = new int[sh.length - 1 + inner.length];
        int k = 0;
        for (int i = 0; i < d; i++) nsh[k++] = sh[i];
        for (int s : inner) nsh[k++] = s;
        for (int i = d + 1; i < sh.length; i++) nsh[k++] = sh[i];
        return reshape(t, nsh);
    }

    /** Sliding windows: dim becomes the window count, a new last dim of {@code size} holds each window. */
    public static Tensor unfold(Tensor t, int dim, int size, int step) {
        int d = t.dim() == 0 ? 0 : Shapes.wrapDim(dim, t.dim(), "unfold");
        int len = t.dim() == 0 ? 1 : t.size(d);
        if (size < 0 || size > len) {
            throw new IllegalArgumentException("unfold: maximum size for tensor at dimension " + d + " is " + len + " but size is " + size);
        }
        if (step <= 0) throw new IllegalArgumentException("unfold: step is " + step + " but must be > 0");
        int[] sh = t.shape(), st = t.strides();
        int windows = (len - size) / step + 1;
        int[] nsh = Arrays.copyOf(sh, sh.length + 1), nst = Arrays.copyOf(st, st.length + 1);
        nsh[d] = windows;
        nst[d] = st[d] * step;
        nsh[sh.length] = size;
        nst[sh.length] = st[d];
        int[] inShape = t.shape();
        return record("UnfoldBackward0", t, t.asStrided(nsh, nst, t.offset()), (g, s) -> {
            // each window element (w, j) came from input position w*step + j: add them back
            long[] idx = new long[windows * size];
            for (int w = 0; w < windows; w++) for (int j = 0; j < size; j++) idx[w * size + j] = (long) w * step + j;
            int[] gs = g.shape();
            Tensor moved = g.movedim(gs.length - 1, d + 1);
            int[] ms = moved.shape();
            int[] merged = new int[ms.length - 1];
            for (int i = 0, k = 0; i < ms.length; i++) {
                if (i == d + 1) continue;
                merged[k++] = i == d ? ms[d] * ms[d + 1] : ms[i];
            }
            Tensor src = moved.reshape(merged);
            Tensor zeros = Creation.full(0, g.dtype(), g.device(), inShape);
            return new Tensor[] {zeros.indexAdd(d, Tensor.fromArray(idx).to(g.device()), src)};
        });
    }
}
