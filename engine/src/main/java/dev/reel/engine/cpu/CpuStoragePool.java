package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycled F32 and F64 arrays, by exact length, for the CPU backend's allocations.
 *
 * <p>Arrays come back only through {@link CpuStorage#recycle()}, which the autograd engine calls
 * for the gradient buffers it allocated during a backward pass and provably holds the last
 * reference to. A training step repeats its shapes, so the next step's buffers of the same
 * length are taken from here instead of from the heap: no garbage for the collector, and the
 * zeroing that {@code new float[n]} does on the allocating thread alone is done across the
 * worker pool instead.
 *
 * <pre>{@code
 * CpuStorage s = CpuStoragePool.allocate(DType.F32, 1 << 20);  // zero-filled, maybe recycled
 * }</pre>
 *
 * <p>Small arrays (below {@link #MIN_ELEMENTS}) are left to the JVM, whose thread-local
 * allocation is cheaper than a pool. The pool holds at most {@link #capacityBytes()} (a quarter of
 * the maximum heap, or {@code -Dreel.storagePool.bytes}); an array that would exceed it is
 * dropped for the collector. {@code -Dreel.storagePool=false} turns recycling off.
 */
public final class CpuStoragePool {
    /** Arrays shorter than this are not pooled. */
    public static final int MIN_ELEMENTS = 1 << 14;

    private static final boolean ENABLED = !"false".equals(System.getProperty("reel.storagePool"));
    private static final long CAPACITY = Long.getLong("reel.storagePool.bytes", Runtime.getRuntime().maxMemory() / 4);
    private static final Map<Long, ArrayDeque<Object>> FREE = new HashMap<>();
    private static long bytesHeld;

    private CpuStoragePool() {}

    /** Whether recycled arrays are kept (false with {@code -Dreel.storagePool=false}). */
    public static boolean enabled() { return ENABLED; }

    /** The most bytes the pool keeps. */
    public static long capacityBytes() { return CAPACITY; }

    /** Bytes held by the pool now. */
    public static synchronized long bytesHeld() { return bytesHeld; }

    /** Drops every pooled array (for the collector). */
    public static synchronized void clear() {
        FREE.clear();
        bytesHeld = 0;
    }

    /** A zero-filled storage of {@code size} elements: a recycled array when one of that length is free. */
    static CpuStorage allocate(DType dtype, int size) { return allocate(dtype, size, true); }

    /**
     * A storage of {@code size} elements, a recycled array when one of that length is free; with
     * {@code zeroed} false a recycled array keeps its old contents, for an output whose kernel
     * writes every element ({@code Backend.allocateForOverwrite}): the zero fill would be a
     * whole extra pass over memory.
     */
    static CpuStorage allocate(DType dtype, int size, boolean zeroed) {
        if (!poolable(dtype, size)) return new CpuStorage(dtype, size);
        Object a = take(dtype, size);
        if (a == null) return new CpuStorage(dtype, newArray(dtype, size), true);
        if (zeroed) zero(a, size);
        return new CpuStorage(dtype, a, true);
    }

    private static boolean poolable(DType dtype, int size) {
        return ENABLED && size >= MIN_ELEMENTS && (dtype == DType.F32 || dtype == DType.F64);
    }

    private static Object newArray(DType dtype, int size) {
        return dtype == DType.F32 ? new float[size] : new double[size];
    }

    /** Key: length and element type (F64 lengths are stored negated). */
    private static long key(Object a) {
        return a instanceof float[] f ? f.length : -(long) ((double[]) a).length;
    }

    private static long bytes(Object a) {
        return a instanceof float[] f ? 4L * f.length : 8L * ((double[]) a).length;
    }

    private static synchronized Object take(DType dtype, int size) {
        ArrayDeque<Object> q = FREE.get(dtype == DType.F32 ? (long) size : -(long) size);
        Object a = q == null ? null : q.pollLast();
        if (a != null) bytesHeld -= bytes(a);
        return a;
    }

    /** Takes an array back (called by {@link CpuStorage#recycle()} only). */
    static void release(Object a) {
        if (!ENABLED || !(a instanceof float[] || a instanceof double[])) return;
        long b = bytes(a);
        synchronized (CpuStoragePool.class) {
            if (bytesHeld + b > CAPACITY) return;
            FREE.computeIfAbsent(key(a), k -> new ArrayDeque<>()).addLast(a);
            bytesHeld += b;
        }
    }

    /** Zero fill split across the worker pool: large buffers are memory-bound, two cores fill them faster than one. */
    private static void zero(Object a, int size) {
        Parallel.forRange(0, size, 1 << 16, (lo, hi) -> {
            if (a instanceof float[] f) Arrays.fill(f, lo, hi, 0f);
            else Arrays.fill((double[]) a, lo, hi, 0.0);
        });
    }
}
