package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import dev.reel.engine.cpu.CpuStorage;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Factories: constant fills, ranges, random tensors and tensors from Java arrays. */
public final class Creation {
    private Creation() {}

    /** A fresh contiguous tensor (zero-filled) on device. */
    public static Tensor empty(DType dtype, Device device, int... shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("empty: negative dimension in shape " + Arrays.toString(shape));
        }
        Backend b = Backends.of(device);
        int n = Shapes.numel(shape);
        return Tensor.fromStorage(b.allocate(device, dtype, n), shape, Shapes.contiguousStrides(shape), 0);
    }

    /**
     * A fresh zero-filled tensor laid out with {@code strides}, which must be a dense permutation
     * ({@link Shapes#isDensePermutation}): the output of an op whose inputs share that layout.
     */
    static Tensor emptyStrided(DType dtype, Device device, int[] shape, int[] strides) {
        Backend b = Backends.of(device);
        return Tensor.fromStorage(b.allocate(device, dtype, Shapes.numel(shape)), shape, strides.clone(), 0);
    }

    /**
     * A fresh contiguous tensor whose contents are unspecified ({@code Backend.allocateForOverwrite}):
     * only for an op's output that its kernel writes in full before anything reads it.
     */
    static Tensor emptyForOverwrite(DType dtype, Device device, int... shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("empty: negative dimension in shape " + Arrays.toString(shape));
        }
        Backend b = Backends.of(device);
        return Tensor.fromStorage(b.allocateForOverwrite(device, dtype, Shapes.numel(shape)), shape, Shapes.contiguousStrides(shape), 0);
    }

    /** {@link #emptyStrided} with unspecified contents, as {@link #emptyForOverwrite}. */
    static Tensor emptyStridedForOverwrite(DType dtype, Device device, int[] shape, int[] strides) {
        Backend b = Backends.of(device);
        return Tensor.fromStorage(b.allocateForOverwrite(device, dtype, Shapes.numel(shape)), shape, strides.clone(), 0);
    }

    public static Tensor full(double value, DType dtype, Device device, int... shape) {
        Tensor t = empty(dtype, device, shape);
        if (value != 0) t.backend().fill(t, value);
        return t;
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if ((end - start) / step < 0) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign (start="
                    + start + ", end=" + end + ", step=" + step + ")");
        }
        long n = (long) Math.ceil((end - start) / step);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + n + " elements is too many");
        CpuStorage s = new CpuStorage(dtype, (int) n);
        for (int i = 0; i < n; i++) {
            if (dtype.isFloatingPoint()) s.set(i, start + i * step);
            else s.setLong(i, (long) start + i * (long) step);
        }
        return Tensor.fromStorage(s, new int[] {(int) n}, new int[] {1}, 0);
    }

    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        CpuStorage s = new CpuStorage(dtype, steps);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // symmetric evaluation from both ends, as PyTorch, so the last value is exactly `end`
        int half = steps / 2;
        for (int i = 0; i < steps; i++) s.set(i, i < half ? start + step * i : end - step * (steps - 1 - i));
        return Tensor.fromStorage(s, new int[] {steps}, new int[] {1}, 0);
    }

    public static Tensor eye(int n, int m, DType dtype) {
        Tensor t = full(0, dtype, Device.CPU, n, m);
        CpuStorage s = (CpuStorage) t.storage();
        for (int i = 0; i < Math.min(n, m); i++) s.set(i * m + i, 1);
        return t;
    }

    /** Words of the generator stream one element of this dtype consumes (see {@code Backend.random}). */
    public static int wordsPerElement(DType dtype, boolean normal) {
        return !normal && (dtype == DType.F32 || dtype.isHalf()) ? 1 : 2; // half types draw as F32 (HalfAsFloat)
    }

    private static Tensor random(Generator g, DType dtype, Device device, boolean normal, double a, double b, int[] shape) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException((normal ? "randn" : "rand") + ": expected a floating point dtype, got " + dtype.torchName());
        }
        Tensor t = empty(dtype, device, shape);
        long offset = g.reserve((long) t.numel() * wordsPerElement(dtype, normal));
        t.backend().random(t, normal, g.seed(), offset, a, b);
        return t;
    }

    public static Tensor rand(Generator g, DType dtype, int... shape) { return random(g, dtype, Device.CPU, false, 0, 1, shape); }

    public static Tensor randn(Generator g, DType dtype, int... shape) { return random(g, dtype, Device.CPU, true, 0, 1, shape); }

    public static Tensor randint(Generator g, long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, got low=" + low + ", high=" + high);
        Tensor u = random(g, DType.F64, Device.CPU, false, 0, 1, shape);
        return u.mul((double) (high - low)).floor().add((double) low).to(DType.I64);
    }

    public static Tensor randperm(Generator g, int n) {
        double[] keys = random(g, DType.F64, Device.CPU, false, 0, 1, new int[] {n}).toDoubleArray();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(keys[x], keys[y]));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = order[i];
        return Tensor.fromArray(out);
    }

    public static Tensor bernoulli(Generator g, Tensor p) {
        DType dt = p.dtype().isFloatingPoint() ? p.dtype() : DType.F32;
        Tensor u = random(g, dt, p.device(), false, 0, 1, p.shape());
        return u.lt(p.detach().to(dt)).to(dt);
    }

    /** Fills t in place with uniform values from g. */
    public static Tensor uniform_(Tensor t, Generator g, double low, double high) {
        Tensor r = random(g, t.dtype(), t.device(), false, low, high, t.shape());
        return writeInto(t, r);
    }

    public static Tensor normal_(Tensor t, Generator g, double mean, double std) {
        Tensor r = random(g, t.dtype(), t.device(), true, mean, std, t.shape());
        return writeInto(t, r);
    }

    private static Tensor writeInto(Tensor t, Tensor r) {
        PointwiseOps.checkInPlaceAllowed(t, "uniform_/normal_");
        t.backend().copy(r, t);
        t.markModified();
        return t;
    }

    public static Tensor fromArray(DType dtype, Object array, int length, int[] shape) {
        int[] sh = shape.length == 0 ? new int[] {length} : shape;
        if (Shapes.numel(sh) != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values cannot fill shape " + Arrays.toString(sh));
        }
        return Tensor.fromStorage(new CpuStorage(dtype, array), sh, Shapes.contiguousStrides(sh), 0);
    }

    public static Tensor wrap(DType dtype, Object array, int length, int[] shape) {
        return fromArray(dtype, array, length, shape);
    }

    public static Tensor fromBooleans(boolean[] data, int[] shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return fromArray(DType.BOOL, b, b.length, shape);
    }

    /** From nested arrays: float[][] → F32 (N, M), long[][][] → I64, boolean[] → BOOL, and so on. */
    public static Tensor fromNested(Object nested) {
        if (nested == null || !nested.getClass().isArray()) {
            throw new IllegalArgumentException("fromArray: expected a Java array, got " + (nested == null ? "null" : nested.getClass().getName()));
        }
        List<Integer> shape = new ArrayList<>();
        Object cur = nested;
        Class<?> leaf = nested.getClass();
        while (cur != null && cur.getClass().isArray()) {
            shape.add(Array.getLength(cur));
            leaf = cur.getClass().getComponentType();
            cur = Array.getLength(cur) > 0 ? Array.get(cur, 0) : null;
            if (!leaf.isArray()) break;
        }
        DType dt;
        if (leaf == float.class) dt = DType.F32;
        else if (leaf == double.class) dt = DType.F64;
        else if (leaf == int.class) dt = DType.I32;
        else if (leaf == long.class) dt = DType.I64;
        else if (leaf == byte.class) dt = DType.U8;
        else if (leaf == boolean.class) dt = DType.BOOL;
        else throw new IllegalArgumentException("fromArray: unsupported element type " + leaf.getName());
        int[] sh = shape.stream().mapToInt(Integer::intValue).toArray();
        CpuStorage s = new CpuStorage(dt, Shapes.numel(sh));
        int[] pos = {0};
        flatten(nested, 0, sh, s, pos);
        return Tensor.fromStorage(s, sh, Shapes.contiguousStrides(sh), 0);
    }

    private static void flatten(Object arr, int depth, int[] sh, CpuStorage s, int[] pos) {
        int n = Array.getLength(arr);
        if (n != sh[depth]) {
            throw new IllegalArgumentException("fromArray: ragged array: expected length " + sh[depth] + " at depth " + depth + ", got " + n);
        }
        if (depth == sh.length - 1) {
            for (int i = 0; i < n; i++) {
                Object v = Array.get(arr, i);
                if (v instanceof Boolean bo) s.setLong(pos[0]++, bo ? 1 : 0);
                else if (v instanceof Double || v instanceof Float) s.set(pos[0]++, ((Number) v).doubleValue());
                else if (v instanceof Byte by) s.setLong(pos[0]++, by & 0xFF);
                else s.setLong(pos[0]++, ((Number) v).longValue());
            }
        } else {
            for (int i = 0; i < n; i++) flatten(Array.get(arr, i), depth + 1, sh, s, pos);
        }
    }
}
