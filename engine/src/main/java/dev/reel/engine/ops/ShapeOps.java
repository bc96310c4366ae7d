package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/** Shape ops that produce new data: flip, roll, repeat, tile, repeat_interleave, tril/triu. */
public final class ShapeOps {
    private ShapeOps() {}

    /** Reverses the order along each dim (an index_select with a reversed index). */
    public static Tensor flip(Tensor x, int[] dims) {
        int[] d = Shapes.wrapDims(dims, x.dim(), "flip");
        Tensor r = x;
        for (int k : d) {
            int n = x.size(k);
            long[] idx = new long[n];
            for (int i = 0; i < n; i++) idx[i] = n - 1 - i;
            r = r.indexSelect(k, Tensor.fromArray(idx).to(x.device()));
        }
        return d.length == 0 ? x.clone() : r;
    }

    /** Shifts elements along dims, wrapping around (two slices swapped). */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: shifts (" + shifts.length + ") and dimensions (" + dims.length + ") must align");
        }
        Tensor r = x;
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.wrapDim(dims[i], x.dim(), "roll");
            int n = x.size(d);
            if (n == 0) continue;
            int s = Math.floorMod(shifts[i], n);
            if (s == 0) continue;
            r = JoinOps.cat(java.util.List.of(r.narrow(d, n - s, s), r.narrow(d, 0, n - s)), d);
        }
        return r == x ? x.clone() : r;
    }

    /** Tiles x: counts has one entry per dim, extra leading counts add dims (as Tensor.repeat). */
    public static Tensor repeat(Tensor x, int[] counts) {
        if (counts.length < x.dim()) {
            throw new IllegalArgumentException("repeat: number of repeat dims (" + counts.length
                    + ") can not be smaller than number of dimensions of tensor (" + x.dim() + ")");
        }
        int lead = counts.length - x.dim();
        int[] xs = x.shape();
        int[] padded = new int[counts.length];
        for (int i = 0; i < counts.length; i++) padded[i] = i < lead ? 1 : xs[i - lead];
        // view as [1, s0, 1, s1, ...], expand to [c0, s0, c1, s1, ...], merge pairs
        int[] inter = new int[2 * counts.length], expanded = new int[2 * counts.length], out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) throw new IllegalArgumentException("repeat: counts must be non-negative, got " + Arrays.toString(counts));
            inter[2 * i] = 1;
            inter[2 * i + 1] = padded[i];
            expanded[2 * i] = counts[i];
            expanded[2 * i + 1] = padded[i];
            out[i] = counts[i] * padded[i];
        }
        return x.reshape(inter).expand(expanded).contiguous().reshape(out);
    }

    public static Tensor tile(Tensor x, int[] counts) {
        if (counts.length >= x.dim()) return repeat(x, counts);
        int[] c = new int[x.dim()];
        Arrays.fill(c, 1);
        System.arraycopy(counts, 0, c, x.dim() - counts.length, counts.length);
        return repeat(x, c);
    }

    public static Tensor repeatInterleave(Tensor x, int repeats, int dim) {
        if (repeats < 0) throw new IllegalArgumentException("repeat_interleave: repeats must be non-negative, got " + repeats);
        int d = Shapes.wrapDim(dim, x.dim(), "repeat_interleave");
        Tensor u = x.unsqueeze(d + 1);
        int[] e = u.shape();
        e[d + 1] = repeats;
        return u.expand(e).flatten(d, d + 1);
    }

    /** Keeps the lower (tril) or upper (triu) triangle of the last two dims, relative to a diagonal. */
    public static Tensor triangle(Tensor x, int diagonal, boolean lower) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException((lower ? "tril" : "triu") + ": input tensor must have at least 2 dimensions, got " + x.dim());
        }
        int n = x.size(-2), m = x.size(-1);
        Tensor rows = Tensor.arange(n).unsqueeze(1), cols = Tensor.arange(m).unsqueeze(0);
        Tensor diff = cols.sub(rows); // j - i
        Tensor keep = (lower ? diff.le((double) diagonal) : diff.ge((double) diagonal)).to(x.device());
        if (x.dtype() == DType.BOOL) return keep.logicalAnd(x);
        return BinaryOps.where(keep, x, x.newScalar(0));
    }
}
