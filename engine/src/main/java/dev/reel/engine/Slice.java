package dev.reel.engine;

/**
 * A Python-style slice {@code start:end:step} for {@link Tensor#index(Object...)}; null bounds
 * mean "from the beginning" / "to the end".
 *
 * <pre>{@code
 * x.index(Slice.all(), 0)                 // x[:, 0]
 * x.index(Slice.of(1, -1), Slice.ELLIPSIS) // x[1:-1, ...]
 * x.index(Slice.NEW_AXIS, Slice.of(null, null, 2))  // x[None, ::2]
 * }</pre>
 */
public record Slice(Integer start, Integer end, int step) {
    /** Marker for {@code None}: inserts a dim of size 1. */
    public static final Object NEW_AXIS = new Object() {
        @Override public String toString() { return "None"; }
    };

    /** Marker for {@code ...}: as many full slices as needed. */
    public static final Object ELLIPSIS = new Object() {
        @Override public String toString() { return "..."; }
    };

    public Slice {
        if (step <= 0) throw new IllegalArgumentException("Slice: step must be positive, got " + step);
    }

    public static Slice all() { return new Slice(null, null, 1); }

    public static Slice of(Integer start, Integer end) { return new Slice(start, end, 1); }

    public static Slice of(Integer start, Integer end, int step) { return new Slice(start, end, step); }
}
