package dev.reel.engine.testing;

import java.util.Arrays;

/**
 * One tensor of a {@link Fixture}: its safetensors dtype, its shape and its values in row-major
 * order. Floating tensors (F32, F64) carry {@code doubles} (F32 values widened exactly); integer
 * and boolean tensors (I64, I32, U8, BOOL) carry {@code longs} (BOOL as 0/1).
 *
 * <pre>{@code
 * FixtureTensor w = fixture.tensor("in1");
 * if (w.isFloating()) { double[] v = w.doubles(); }
 * }</pre>
 *
 * @param dtype   {@code F32}, {@code F64}, {@code BF16}, {@code F16}, {@code I64}, {@code I32}, {@code U8} or {@code BOOL}
 * @param shape   the dimensions; empty for a scalar
 * @param doubles the values of a floating tensor, else null
 * @param longs   the values of an integer or boolean tensor, else null
 */
public record FixtureTensor(String dtype, int[] shape, double[] doubles, long[] longs) {

    /** Whether the values are in {@link #doubles()}. */
    public boolean isFloating() {
        return doubles != null;
    }

    /** The number of elements. */
    public int size() {
        return isFloating() ? doubles.length : longs.length;
    }

    /** The floating values; an error if this tensor holds integers. */
    @Override
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("a " + dtype + " tensor has no floating values");
        }
        return doubles;
    }

    /** The integer (or 0/1 boolean) values; an error if this tensor is floating. */
    @Override
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("a " + dtype + " tensor has no integer values");
        }
        return longs;
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
