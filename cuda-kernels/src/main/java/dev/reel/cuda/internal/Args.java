package dev.reel.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The arguments of one kernel launch, in the kernel's parameter order. cuLaunchKernel takes a
 * {@code void*[]} whose entries point at each argument's bytes; the driver copies them using the
 * kernel's own parameter layout, so each value only needs its natural size here.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     Args args = new Args(arena).ptr(out).view(sizes, strides, 0, "fill").i32(n);
 *     context.launch("elementwise", "fill_s4", grid, 256, args);
 * }
 * }</pre>
 */
public final class Args {
    private final Arena arena;
    private final List<MemorySegment> values = new ArrayList<>();

    public Args(Arena arena) {
        this.arena = arena;
    }

    public Args i32(int v) { values.add(arena.allocateFrom(JAVA_INT, v)); return this; }

    public Args i64(long v) { values.add(arena.allocateFrom(JAVA_LONG, v)); return this; }

    public Args f32(float v) { values.add(arena.allocateFrom(JAVA_FLOAT, v)); return this; }

    public Args f64(double v) { values.add(arena.allocateFrom(JAVA_DOUBLE, v)); return this; }

    public Args u8(byte v) { values.add(arena.allocateFrom(JAVA_BYTE, v)); return this; }

    /** A 16-bit parameter (the bits of a BF16 or F16 value). */
    public Args u16(short v) { values.add(arena.allocateFrom(JAVA_SHORT, v)); return this; }

    /** A device pointer (CUdeviceptr, 64-bit). */
    public Args ptr(long devicePtr) { return i64(devicePtr); }

    /** A View struct. */
    public Args view(int[] sizes, int[] strides, int offset, String op) {
        MemorySegment s = arena.allocate(Views.BYTES, 8);
        Views.write(s, 0, sizes, strides, offset, op);
        values.add(s);
        return this;
    }

    /** A struct of 32-bit ints (ConvShape, PoolShape). */
    public Args ints(int... fields) { values.add(arena.allocateFrom(JAVA_INT, fields)); return this; }

    /** A struct of 64-bit ints (the Mat strides of the GEMM kernels). */
    public Args longs(long... fields) { values.add(arena.allocateFrom(JAVA_LONG, fields)); return this; }

    /** The void*[] for cuLaunchKernel. */
    MemorySegment pointerArray() {
        MemorySegment array = arena.allocate(ADDRESS, Math.max(1, values.size()));
        for (int i = 0; i < values.size(); i++) array.setAtIndex(ADDRESS, i, values.get(i));
        return array;
    }
}
