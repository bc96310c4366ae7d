package dev.reel.engine.cpu;

/**
 * Walks several same-shaped strided views in lock step, one contiguous-index "row" at a time.
 *
 * <p>Adjacent dims that are contiguous with each other in every operand are merged first, so a
 * contiguous tensor is one long row and a transposed one is a few strided rows. The body sees the
 * start offset of each operand and the row length; the stride of each operand within a row is
 * {@link #innerStride(int)}. Rows (or chunks of one long row) are split across {@link Parallel}.
 */
final class StridedLoop {
    /** Processes {@code n} elements starting at {@code off[k]} in operand k. */
    interface RowBody {
        void row(int[] off, int n);
    }

    private static final int CHUNK = 1 << 14;

    private final int[] shape;      // coalesced
    private final int[][] strides;  // [operand][dim]
    private final int[] offsets;
    private final int operands;

    StridedLoop(int[] shape, int[] offsets, int[]... strides) {
        this.operands = strides.length;
        this.offsets = offsets;
        // drop size-1 dims, then merge dim i into i+1 when every operand allows it
        int rank = 0;
        int[] sh = new int[Math.max(1, shape.length)];
        int[][] st = new int[operands][Math.max(1, shape.length)];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (rank > 0) {
                boolean merge = true;
                for (int k = 0; k < operands; k++) {
                    if (st[k][rank - 1] != strides[k][d] * shape[d]) { merge = false; break; }
                }
                if (merge) {
                    sh[rank - 1] *= shape[d];
                    for (int k = 0; k < operands; k++) st[k][rank - 1] = strides[k][d];
                    continue;
                }
            }
            sh[rank] = shape[d];
            for (int k = 0; k < operands; k++) st[k][rank] = strides[k][d];
            rank++;
        }
        if (rank == 0) { // a single element
            sh[0] = 1;
            for (int k = 0; k < operands; k++) st[k][0] = 0;
            rank = 1;
        }
        this.shape = java.util.Arrays.copyOf(sh, rank);
        this.strides = new int[operands][];
        for (int k = 0; k < operands; k++) this.strides[k] = java.util.Arrays.copyOf(st[k], rank);
        for (int s : shape) if (s == 0) this.shape[0] = 0;
    }

    /**
     * A loop over elementwise operands whose dims are first put in the memory order of the last
     * operand (the output): descending stride, so that an output laid out transposed is walked
     * along its unit-stride dim and the dims can merge. Only for kernels where the visiting order
     * does not matter (each element is written once, from its own inputs).
     */
    static StridedLoop inMemoryOrder(int[] shape, int[] offsets, int[]... strides) {
        int rank = shape.length, last = strides.length - 1;
        Integer[] order = new Integer[rank];
        for (int d = 0; d < rank; d++) order[d] = d;
        // stable: dims of equal stride (size 1, broadcast) keep their order
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(Math.abs(strides[last][y]), Math.abs(strides[last][x])));
        boolean identity = true;
        for (int d = 0; d < rank; d++) identity &= order[d] == d;
        if (identity) return new StridedLoop(shape, offsets, strides);
        int[] sh = new int[rank];
        int[][] st = new int[strides.length][rank];
        for (int d = 0; d < rank; d++) {
            sh[d] = shape[order[d]];
            for (int k = 0; k < strides.length; k++) st[k][d] = strides[k][order[d]];
        }
        return new StridedLoop(sh, offsets, st);
    }

    int innerStride(int operand) { return strides[operand][shape.length - 1]; }

    int innerSize() { return shape[shape.length - 1]; }

    /** Runs the body over every row on the caller's thread (for kernels whose rows may collide). */
    void runSerial(RowBody body) {
        run(body, true);
    }

    /** Runs the body over every row, in parallel when the work is large enough. */
    void run(RowBody body) {
        run(body, false);
    }

    /**
     * Runs the body over every row, whole rows split across {@link Parallel} (a row is never cut
     * into pieces): for kernels whose rows cannot collide with each other but whose elements
     * within a row may (scatter with the scattered dim innermost).
     */
    void runRows(RowBody body) {
        int rank = shape.length, inner = shape[rank - 1];
        long total = 1;
        for (int s : shape) total *= s;
        if (total == 0) return;
        int rows = (int) (total / inner);
        Parallel.forRange(0, rows, Math.max(1, (int) ((1L << 15) / Math.max(1, inner))), (lo, hi) -> {
            int[] off = new int[operands];
            for (int r = lo; r < hi; r++) {
                rowStart(r, off);
                body.row(off, inner);
            }
        });
    }

    /** The start offset of each operand in row r (rows counted over every dim but the innermost). */
    private void rowStart(int r, int[] off) {
        int rem = r;
        for (int k = 0; k < operands; k++) off[k] = offsets[k];
        for (int d = shape.length - 2; d >= 0; d--) {
            int c = rem % shape[d];
            rem /= shape[d];
            for (int k = 0; k < operands; k++) off[k] += c * strides[k][d];
        }
    }

    private void run(RowBody body, boolean serial) {
        int rank = shape.length;
        int inner = shape[rank - 1];
        long total = 1;
        for (int s : shape) total *= s;
        if (total == 0) return;
        int rows = (int) (total / inner);
        int pieces = rows >= Parallel.threads() || inner < 2 * CHUNK ? 1 : (inner + CHUNK - 1) / CHUNK;
        int items = rows * pieces;
        int grain = Math.max(1, (int) ((1L << 15) / Math.max(1, (long) inner / pieces)));
        Parallel.RangeBody range = (lo, hi) -> {
            int[] off = new int[operands];
            for (int item = lo; item < hi; item++) {
                int r = item / pieces, p = item % pieces;
                int start = p * CHUNK, len = pieces == 1 ? inner : Math.min(CHUNK, inner - start);
                rowStart(r, off);
                if (start != 0) for (int k = 0; k < operands; k++) off[k] += start * strides[k][rank - 1];
                body.row(off, len);
            }
        };
        if (serial) range.run(0, items);
        else Parallel.forRange(0, items, grain, range);
    }
}
