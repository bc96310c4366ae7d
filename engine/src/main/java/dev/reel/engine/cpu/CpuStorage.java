package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.HalfFloats;
import dev.reel.engine.backend.Storage;

/**
 * Storage on the Java heap: a {@code float[]} for F32, {@code double[]} for F64, {@code int[]} for
 * I32, {@code long[]} for I64, {@code byte[]} for U8 and BOOL (0 or 1), and {@code short[]} bit
 * patterns for BF16 and F16 ({@link HalfFloats}). The accessors below read half values as their
 * exact F32 value and write them rounded to nearest even.
 */
public final class CpuStorage extends Storage {
    private Object array;               // null once recycled
    private final boolean pooled;       // the backend allocated the array: it may go back to the pool

    /** A zero-filled storage of {@code size} elements. */
    public CpuStorage(DType dtype, int size) {
        this(dtype, allocate(dtype, size));
    }

    /** Wraps an existing Java array (no copy); its type must match the dtype. */
    public CpuStorage(DType dtype, Object array) {
        this(dtype, array, false);
    }

    /** {@code pooled}: the array belongs to the backend, so {@link #recycle()} may hand it to {@link CpuStoragePool}. */
    CpuStorage(DType dtype, Object array, boolean pooled) {
        super(dtype, lengthOf(dtype, array));
        this.array = array;
        this.pooled = pooled;
    }

    private static Object allocate(DType dtype, int size) {
        return switch (dtype) {
            case F32 -> new float[size];
            case F64 -> new double[size];
            case I32 -> new int[size];
            case I64 -> new long[size];
            case U8, BOOL -> new byte[size];
            case BF16, F16 -> new short[size];
        };
    }

    private static int lengthOf(DType dtype, Object array) {
        return switch (dtype) {
            case F32 -> ((float[]) array).length;
            case F64 -> ((double[]) array).length;
            case I32 -> ((int[]) array).length;
            case I64 -> ((long[]) array).length;
            case U8, BOOL -> ((byte[]) array).length;
            case BF16, F16 -> ((short[]) array).length;
        };
    }

    @Override
    public Device device() { return Device.CPU; }

    /** The backing array (float[], double[], int[], long[], byte[] or short[]). */
    public Object array() {
        Object a = array;
        if (a == null) {
            throw new IllegalStateException("CpuStorage: a " + dtype() + " storage of " + size()
                    + " elements was used after autograd recycled it (a gradient buffer nothing else should hold)");
        }
        return a;
    }

    public float[] f32() { return (float[]) array(); }

    public double[] f64() { return (double[]) array(); }

    public int[] i32() { return (int[]) array(); }

    public long[] i64() { return (long[]) array(); }

    /** U8 and BOOL. */
    public byte[] u8() { return (byte[]) array(); }

    /** Hands a backend-allocated array to {@link CpuStoragePool}; any later use of this storage fails. */
    @Override
    public void recycle() {
        Object a = array;
        if (a == null || !pooled) return;
        array = null;
        CpuStoragePool.release(a);
    }

    /** BF16 and F16: the raw 16-bit patterns. */
    public short[] bits16() { return (short[]) array(); }

    private float half(int i) { return HalfFloats.toFloat(dtype(), ((short[]) array)[i]); }

    /** Reads element {@code i} as a double (U8 unsigned, BOOL 0/1). */
    public double get(int i) {
        return switch (dtype()) {
            case F32 -> ((float[]) array)[i];
            case F64 -> ((double[]) array)[i];
            case I32 -> ((int[]) array)[i];
            case I64 -> ((long[]) array)[i];
            case U8, BOOL -> ((byte[]) array)[i] & 0xFF;
            case BF16, F16 -> half(i);
        };
    }

    /** Reads element {@code i} as a long (floats truncate toward zero, as a cast). */
    public long getLong(int i) {
        return switch (dtype()) {
            case F32 -> (long) ((float[]) array)[i];
            case F64 -> (long) ((double[]) array)[i];
            case I32 -> ((int[]) array)[i];
            case I64 -> ((long[]) array)[i];
            case U8, BOOL -> ((byte[]) array)[i] & 0xFF;
            case BF16, F16 -> (long) half(i);
        };
    }

    /**
     * Writes element {@code i}, converting as PyTorch's casts do (BOOL: nonzero is 1; BF16/F16: via
     * F32, as PyTorch's half constructors take a float).
     */
    public void set(int i, double v) {
        switch (dtype()) {
            case F32 -> ((float[]) array)[i] = (float) v;
            case F64 -> ((double[]) array)[i] = v;
            case I32 -> ((int[]) array)[i] = (int) (long) v;
            case I64 -> ((long[]) array)[i] = (long) v;
            case U8 -> ((byte[]) array)[i] = (byte) (long) v;
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            case BF16, F16 -> ((short[]) array)[i] = HalfFloats.fromFloat(dtype(), (float) v);
        }
    }

    /** Writes an integer value exactly (no round trip through double). */
    public void setLong(int i, long v) {
        switch (dtype()) {
            case F32 -> ((float[]) array)[i] = (float) v;
            case F64 -> ((double[]) array)[i] = (double) v;
            case I32 -> ((int[]) array)[i] = (int) v;
            case I64 -> ((long[]) array)[i] = v;
            case U8 -> ((byte[]) array)[i] = (byte) v;
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            case BF16, F16 -> ((short[]) array)[i] = HalfFloats.fromFloat(dtype(), (float) v);
        }
    }
}
