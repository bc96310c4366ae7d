package dev.reel.engine.cpu;

import dev.reel.engine.Tensor;

/**
 * gather / scatter / index_select / index_add. Every index is checked against its dimension
 * before use, so a bad index is an error naming the op, never an array exception.
 */
final class CpuIndexing {
    private CpuIndexing() {}

    private static CpuStorage st(Tensor t) { return (CpuStorage) t.storage(); }

    private static long checked(long i, int size, String op, int dim) {
        if (i < -size || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for dimension " + dim + " with size " + size);
        }
        return i < 0 ? i + size : i;
    }

    /** x's strides, restricted to index's shape, with dim's stride zeroed: the base of each gathered element. */
    private static int[] baseStrides(Tensor t, int dim) {
        int[] s = t.strides();
        s[dim] = 0;
        return s;
    }

    static void gather(Tensor x, int dim, Tensor index, Tensor out) {
        CpuStorage xs = st(x), is = st(index), os = st(out);
        int size = x.size(dim), step = x.stride(dim);
        StridedLoop loop = new StridedLoop(index.shape(), new int[] {x.offset(), index.offset(), out.offset()},
                baseStrides(x, dim), index.strides(), out.strides());
        int sx = loop.innerStride(0), si = loop.innerStride(1), so = loop.innerStride(2);
        loop.run((off, n) -> {
            for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sx, q += si, r += so) {
                int at = p + (int) checked(is.getLong(q), size, "gather", dim) * step;
                if (x.dtype().isFloatingPoint()) os.set(r, xs.get(at));
                else os.setLong(r, xs.getLong(at));
            }
        });
    }

    /**
     * out[..., index[i], ...] = src[i] (or +=). Two elements of index collide only when they agree
     * in every coordinate but {@code dim}; so the loop puts {@code dim} innermost and, when out is
     * contiguous (no two of its positions share memory), hands whole rows to different threads.
     */
    static void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate) {
        CpuStorage os = st(out), is = st(index), ss = st(src);
        int size = out.size(dim), step = out.stride(dim);
        StridedLoop loop = new StridedLoop(dimLast(index.shape(), dim), new int[] {out.offset(), index.offset(), src.offset()},
                dimLast(baseStrides(out, dim), dim), dimLast(index.strides(), dim), dimLast(src.strides(), dim));
        int so = loop.innerStride(0), si = loop.innerStride(1), ss2 = loop.innerStride(2);
        boolean floating = out.dtype().isFloatingPoint();
        String op = accumulate ? "scatter_add" : "scatter";
        StridedLoop.RowBody body;
        if (out.dtype() == dev.reel.engine.DType.F32 && src.dtype() == dev.reel.engine.DType.F32 && index.dtype() == dev.reel.engine.DType.I64) {
            float[] oa = os.f32(), sa = ss.f32();
            long[] ia = is.i64();
            body = (off, n) -> {
                for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += so, q += si, r += ss2) {
                    int at = p + (int) checked(ia[q], size, op, dim) * step;
                    oa[at] = accumulate ? oa[at] + sa[r] : sa[r];
                }
            };
        } else {
            body = (off, n) -> {
                for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += so, q += si, r += ss2) {
                    int at = p + (int) checked(is.getLong(q), size, op, dim) * step;
                    if (floating) os.set(at, accumulate ? os.get(at) + ss.get(r) : ss.get(r));
                    else os.setLong(at, accumulate ? os.getLong(at) + ss.getLong(r) : ss.getLong(r));
                }
            };
        }
        if (out.isContiguous()) loop.runRows(body);
        else loop.runSerial(body);
    }

    /** v with entry {@code dim} moved to the end (the scatter loop's dim order). */
    private static int[] dimLast(int[] v, int dim) {
        int[] r = new int[v.length];
        for (int d = 0, j = 0; d < v.length; d++) if (d != dim) r[j++] = v[d];
        if (v.length > 0) r[v.length - 1] = v[dim];
        return r;
    }

    /** The slice of t at position i along dim, as a raw view (no graph). */
    private static Tensor sliceAt(Tensor t, int dim, int i) {
        int[] sh = t.shape(), st = t.strides();
        int[] shape = new int[sh.length - 1], strides = new int[sh.length - 1];
        for (int d = 0, j = 0; d < sh.length; d++) {
            if (d == dim) continue;
            shape[j] = sh[d];
            strides[j++] = st[d];
        }
        return Tensor.fromStorage(t.storage(), shape, strides, t.offset() + i * st[dim]);
    }

    static void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        CpuStorage is = st(index);
        int n = index.numel(), size = x.size(dim);
        int istep = index.dim() == 0 ? 0 : index.stride(0);
        Parallel.forRange(0, n, Math.max(1, 4096 / Math.max(1, x.numel() / Math.max(1, size))), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int src = (int) checked(is.getLong(index.offset() + i * istep), size, "index_select", dim);
                CpuElementwise.copy(sliceAt(x, dim, src), sliceAt(out, dim, i));
            }
        });
    }

    static void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        CpuStorage is = st(index);
        int n = index.numel(), size = out.size(dim);
        int istep = index.dim() == 0 ? 0 : index.stride(0);
        for (int i = 0; i < n; i++) {
            int dst = (int) checked(is.getLong(index.offset() + i * istep), size, "index_add", dim);
            Tensor o = sliceAt(out, dim, dst);
            CpuElementwise.binary(dev.reel.engine.backend.BinaryOp.ADD, o, sliceAt(src, dim, i), o);
        }
    }
}
