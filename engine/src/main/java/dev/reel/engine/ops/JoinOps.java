package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** cat / stack and their inverses split / chunk (views). */
public final class JoinOps {
    private JoinOps() {}

    /** Concatenates along dim; the gradient of each input is its slice of the output's gradient. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of Tensors");
        Tensor first = tensors.get(0);
        if (first.dim() == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        int d = Shapes.wrapDim(dim, first.dim(), "cat");
        DType dt = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensors must have same number of dimensions: got " + first.dim() + " and "
                        + t.dim() + " (tensor " + i + ")");
            }
            for (int k = 0; k < t.dim(); k++) {
                if (k != d && t.size(k) != first.size(k)) {
                    throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d + ". Expected size "
                            + first.size(k) + " but got size " + t.size(k) + " for tensor number " + i + " in the list");
                }
            }
            if (!t.device().equals(first.device())) {
                throw new IllegalArgumentException("cat: expected all tensors on " + first.device() + ", tensor " + i + " is on " + t.device());
            }
            dt = DType.promote(dt, t.dtype());
            total += t.size(d);
        }
        int[] shape = first.shape();
        shape[d] = total;
        Tensor out = Creation.empty(dt, first.device(), shape);
        int[] st = out.strides();
        Tensor[] inputs = new Tensor[tensors.size()];
        int[] starts = new int[tensors.size()], lens = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = tensors.get(i).to(dt);
            inputs[i] = t;
            int[] ps = t.shape();
            starts[i] = at;
            lens[i] = t.size(d);
            if (lens[i] > 0) out.backend().copy(t, Tensor.fromStorage(out.storage(), ps, st, at * st[d]));
            at += lens[i];
        }
        return Graph.record("CatBackward0", out, inputs, new Tensor[0], (g, s) -> {
            Tensor[] r = new Tensor[starts.length];
            for (int i = 0; i < r.length; i++) r[i] = g.narrow(d, starts[i], lens[i]);
            return r;
        });
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of Tensors");
        int[] s0 = tensors.get(0).shape();
        int d = Shapes.wrapDim(dim, s0.length + 1, "stack");
        List<Tensor> us = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            if (!Arrays.equals(tensors.get(i).shape(), s0)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + Arrays.toString(s0)
                        + " at entry 0 and " + Arrays.toString(tensors.get(i).shape()) + " at entry " + i);
            }
            us.add(tensors.get(i).unsqueeze(d));
        }
        return cat(us, d);
    }

    public static List<Tensor> split(Tensor t, int splitSize, int dim) {
        if (splitSize <= 0) throw new IllegalArgumentException("split: split_size must be positive, got " + splitSize);
        int d = Shapes.wrapDim(dim, t.dim(), "split");
        List<Tensor> out = new ArrayList<>();
        int n = t.size(d);
        for (int s = 0; s < n; s += splitSize) out.add(t.narrow(d, s, Math.min(splitSize, n - s)));
        if (n == 0) out.add(t);
        return out;
    }

    public static List<Tensor> splitWithSizes(Tensor t, int[] sizes, int dim) {
        int d = Shapes.wrapDim(dim, t.dim(), "split");
        int sum = Arrays.stream(sizes).sum();
        if (sum != t.size(d)) {
            throw new IllegalArgumentException("split_with_sizes: expects split_sizes to sum exactly to " + t.size(d)
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            out.add(t.narrow(d, at, s));
            at += s;
        }
        return out;
    }

    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be greater than 0, got " + chunks);
        int d = Shapes.wrapDim(dim, t.dim(), "chunk");
        int size = (t.size(d) + chunks - 1) / chunks;
        return split(t, Math.max(size, 1), d);
    }
}
