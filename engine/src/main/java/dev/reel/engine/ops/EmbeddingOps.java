package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Embedding lookup and one-hot encoding.
 *
 * <p>{@code embedding(indices, weight)} is {@code weight[indices]}: an index_select of rows. Its
 * backward adds each output row's gradient into the row it came from (an index_add), except for
 * the padding row, which never receives gradient (so it keeps its value, usually zeros, during
 * training). The backward is linear in the gradient and written with differentiable ops, so
 * second derivatives flow through it.
 *
 * <pre>{@code
 * Tensor tokens = Tensor.fromArray(new long[][] {{1, 3, 0}});
 * Tensor vectors = F.embedding(tokens, table, 0);      // (1, 3, dim); row 0 gets no gradient
 * Tensor labels = F.oneHot(Tensor.fromArray(new long[] {2, 0}), 3);   // [[0, 0, 1], [1, 0, 0]]
 * }</pre>
 */
public final class EmbeddingOps {
    private EmbeddingOps() {}

    /** Marks "no padding row" for {@link #embedding}. */
    public static final int NO_PADDING = Integer.MIN_VALUE;

    private static Tensor checkedIndices(Tensor indices, String op) {
        if (indices.dtype() != DType.I64 && indices.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": expected an integer (int64 or int32) index tensor, got "
                    + indices.dtype().torchName());
        }
        return indices.to(DType.I64);
    }

    /** The smallest and largest index (reads the indices on the host); {0, 0} when empty. */
    private static long[] range(Tensor idx) {
        if (idx.numel() == 0) return new long[] {0, 0};
        try (var off = Grad.off()) {
            return new long[] {idx.amin(new int[0], false).itemLong(), idx.amax(new int[0], false).itemLong()};
        }
    }

    /**
     * Rows of weight (num, dim) picked by indices (any shape) → (*indices.shape, dim). paddingIdx
     * (negative counts from the end, {@link #NO_PADDING} for none) names a row whose gradient is zero.
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        String op = "embedding";
        Tensor idx = checkedIndices(indices, op);
        if (weight.dim() != 2) {
            throw new IllegalArgumentException(op + ": 'weight' must be 2-D (num_embeddings, embedding_dim), got shape "
                    + Arrays.toString(weight.shape()));
        }
        int num = weight.size(0), width = weight.size(1);
        int pad = -1;
        if (paddingIdx != NO_PADDING) {
            if (paddingIdx >= num || paddingIdx < -num) {
                throw new IllegalArgumentException(op + ": padding_idx " + paddingIdx + " must be within num_embeddings ("
                        + num + ")");
            }
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        }
        long[] mm = range(idx);
        if (mm[0] < 0 || mm[1] >= num) {
            long bad = mm[0] < 0 ? mm[0] : mm[1];
            throw new IndexOutOfBoundsException(op + ": index " + bad + " is out of range for a weight of " + num + " rows");
        }
        Tensor flat = idx.reshape(-1);
        int[] outShape = Arrays.copyOf(idx.shape(), idx.dim() + 1);
        outShape[idx.dim()] = width;
        Tensor out;
        try (var off = Grad.off()) {
            out = weight.indexSelect(0, flat).reshape(outShape);
        }
        if (!weight.dtype().isFloatingPoint()) return out;
        int padRow = pad;
        return Graph.record("EmbeddingBackward0", out, new Tensor[] {weight}, new Tensor[] {flat},
                (g, s) -> new Tensor[] {embeddingBackward(g, s[0], num, width, padRow)});
    }

    /** dW: each row of g (flattened to (n, dim)) added into row flat[i]; the padding row's rows masked out first. */
    private static Tensor embeddingBackward(Tensor g, Tensor flat, int num, int width, int padRow) {
        Tensor rows = g.reshape(flat.numel(), width);
        if (padRow >= 0) rows = rows.where(flat.ne((double) padRow).unsqueeze(1), rows.newScalar(0));
        return g.newZeros(num, width).indexAdd(0, flat, rows);
    }

    /**
     * One-hot encoding: (*) integer classes → (*, numClasses) int64. numClasses -1 means
     * max(indices) + 1.
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        String op = "one_hot";
        if (indices.dtype() != DType.I64) {
            throw new IllegalArgumentException(op + ": one_hot is only applicable to index tensor (int64), got "
                    + indices.dtype().torchName());
        }
        if (numClasses < -1) throw new IllegalArgumentException(op + ": num_classes should be -1 or positive, got " + numClasses);
        long[] mm = range(indices);
        if (indices.numel() > 0 && mm[0] < 0) throw new IllegalArgumentException(op + ": class values must be non-negative, got " + mm[0]);
        int classes = numClasses;
        if (classes == -1) {
            if (indices.numel() == 0) {
                throw new IllegalArgumentException(op + ": can not infer total number of classes from empty tensor");
            }
            classes = Math.toIntExact(mm[1] + 1);
        } else if (indices.numel() > 0 && mm[1] >= classes) {
            throw new IllegalArgumentException(op + ": class values must be smaller than num_classes (" + classes + "), got " + mm[1]);
        }
        Tensor all = Tensor.arange(classes).to(indices.device());
        return indices.unsqueeze(-1).eq(all).to(DType.I64);
    }
}
