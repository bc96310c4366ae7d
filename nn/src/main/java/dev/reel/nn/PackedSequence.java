package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of variable-length sequences packed time step by time step, as PyTorch's
 * {@code PackedSequence}: {@code data} holds, for t = 0, 1, ..., the rows of the sequences still
 * running at t (longest first); {@code batchSizes[t]} says how many. {@code sortedIndices} maps
 * the packed order to the original batch, {@code unsortedIndices} back.
 *
 * <pre>{@code
 * PackedSequence p = PackedSequence.pack(padded, new int[] {5, 2, 4}, true, false);
 * LSTM.Output out = lstm.forward(p, null);
 * PackedSequence.Padded back = out.packed().pad(true);
 * }</pre>
 */
public record PackedSequence(Tensor data, long[] batchSizes, long[] sortedIndices, long[] unsortedIndices) {

    /** A padded batch and each sequence's length (in the original batch order). */
    public record Padded(Tensor data, int[] lengths) {}

    /**
     * Packs a padded batch (T, B, *) or, with {@code batchFirst}, (B, T, *). With
     * {@code enforceSorted} the lengths must be non-increasing; otherwise they are sorted here.
     */
    public static PackedSequence pack(Tensor input, int[] lengths, boolean batchFirst, boolean enforceSorted) {
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        int t = x.size(0), b = x.size(1);
        if (lengths.length != b) {
            throw new IllegalArgumentException("pack_padded_sequence: " + lengths.length + " lengths for a batch of " + b);
        }
        Integer[] order = new Integer[b];
        for (int i = 0; i < b; i++) {
            if (lengths[i] <= 0 || lengths[i] > t) {
                throw new IllegalArgumentException("pack_padded_sequence: length " + lengths[i] + " of sequence " + i
                        + " is not in 1.." + t);
            }
            if (enforceSorted && i > 0 && lengths[i] > lengths[i - 1]) {
                throw new IllegalArgumentException("pack_padded_sequence: lengths " + Arrays.toString(lengths)
                        + " must be sorted in decreasing order when enforceSorted is true");
            }
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Integer.compare(lengths[q], lengths[p]));   // stable: ties keep batch order
        long[] sorted = new long[b], unsorted = new long[b];
        for (int i = 0; i < b; i++) {
            sorted[i] = order[i];
            unsorted[order[i]] = i;
        }
        int maxLen = lengths[order[0]];
        long[] batchSizes = new long[maxLen];
        Tensor xs = x.indexSelect(1, Tensor.fromArray(sorted));
        List<Tensor> rows = new ArrayList<>();
        for (int step = 0; step < maxLen; step++) {
            int n = 0;
            while (n < b && lengths[order[n]] > step) n++;
            batchSizes[step] = n;
            rows.add(xs.select(0, step).narrow(0, 0, n));
        }
        return new PackedSequence(Tensor.cat(rows, 0), batchSizes, sorted, unsorted);
    }

    /** The lengths of the sequences in the original batch order. */
    public int[] lengths() {
        int b = (int) batchSizes[0];
        int[] sortedLengths = new int[b];
        for (long bs : batchSizes) for (int i = 0; i < bs; i++) sortedLengths[i]++;
        int[] out = new int[b];
        for (int i = 0; i < b; i++) out[(int) sortedIndices[i]] = sortedLengths[i];
        return out;
    }

    /** Unpacks to a zero-padded batch of the longest length, in the original batch order. */
    public Padded pad(boolean batchFirst) {
        int maxLen = batchSizes.length, b = (int) batchSizes[0];
        int[] rowShape = data.shape();
        List<Tensor> steps = new ArrayList<>();
        int at = 0;
        for (int step = 0; step < maxLen; step++) {
            int n = (int) batchSizes[step];
            Tensor rows = data.narrow(0, at, n);
            if (n < b) {
                int[] padShape = rowShape.clone();
                padShape[0] = b - n;
                rows = Tensor.cat(0, rows, data.newZeros(padShape));
            }
            steps.add(rows);
            at += n;
        }
        Tensor padded = Tensor.stack(steps, 0).indexSelect(1, Tensor.fromArray(unsortedIndices));
        return new Padded(batchFirst ? padded.transpose(0, 1) : padded, lengths());
    }

    /** The lengths as an I64 tensor (as PyTorch returns them). */
    public Tensor lengthsTensor() {
        int[] l = lengths();
        long[] out = new long[l.length];
        for (int i = 0; i < l.length; i++) out[i] = l[i];
        return Tensor.fromArray(out).to(DType.I64);
    }
}
