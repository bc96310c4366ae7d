package dev.reel.engine.ops;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: numel, strides, dim wrapping, broadcasting. */
public final class Shapes {
    private Shapes() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements; a CPU tensor holds at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /**
     * True when the strides lay the tensor out densely in some order of its dims (a transposed or
     * permuted contiguous tensor): every element has its own slot and no slot is left over.
     */
    public static boolean isDensePermutation(int[] shape, int[] strides) {
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(strides[x], strides[y]));
        long expect = 1;
        for (int d : order) {
            if (shape[d] == 1) continue;
            if (strides[d] != expect) return false;
            expect *= shape[d];
        }
        return true;
    }

    public static boolean isContiguous(int[] shape, int[] strides) {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    /** Wraps a possibly negative dim into [0, rank), or explains what was wrong. */
    public static int wrapDim(int dim, int rank, String op) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dimension out of range (expected to be in range of [" + (-r) + ", "
                    + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps and sorts a list of dims, rejecting repeats. */
    public static int[] wrapDims(int[] dims, int rank, String op) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = wrapDim(dims[i], rank, op);
            if (seen[out[i]]) throw new IllegalArgumentException(op + ": dim " + out[i] + " appears multiple times in the list of dims");
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        return out;
    }

    public static int[] allDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = i;
        return d;
    }

    /** The broadcast shape of a and b (NumPy rules), or an error naming the op. */
    public static int[] broadcast(int[] a, int[] b, String op) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast together (size " + da + " != " + db + " at dimension " + i + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Checks that a view stays inside its storage. */
    public static void checkView(int storageSize, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("view: shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides)
                    + " differ in rank");
        }
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("view: negative size in shape " + Arrays.toString(shape));
            if (shape[i] == 0) return;
            long span = (long) (shape[i] - 1) * strides[i];
            if (span < 0) lo += span; else hi += span;
        }
        if (lo < 0 || hi >= storageSize && !(storageSize == 0 && numel(shape) == 0)) {
            if (numel(shape) == 0) return;
            throw new IllegalArgumentException("view: shape " + Arrays.toString(shape) + " strides " + Arrays.toString(strides)
                    + " offset " + offset + " reaches outside a storage of " + storageSize + " elements");
        }
    }

    /** Resolves a single -1 in a requested shape against numel. */
    public static int[] inferSize(int[] requested, int numel, String op) {
        int[] out = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred in " + Arrays.toString(requested));
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + out[i] + " in " + Arrays.toString(requested));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input of size " + numel);
            }
            out[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input of size " + numel);
        }
        return out;
    }

    /**
     * Strides for viewing (shape, strides) as newShape without copying, or null when impossible
     * (PyTorch's {@code computeStride}: dims are grouped into chunks that are contiguous among themselves).
     */
    public static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (numel(shape) == 0 || shape.length == 0) return contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBaseStride = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= shape[tensorD];
            if (tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = strides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return newStrides;
    }

    /** The shape with the given (sorted, wrapped) dims set to 1 (keepdim) or removed. */
    public static int[] reducedShape(int[] shape, int[] dims, boolean keepDim) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (!red[i] || keepDim) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (red[i]) {
                if (keepDim) out[j++] = 1;
            } else {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }
}
