package dev.reel.nn.metrics;

import dev.reel.engine.Tensor;

import java.util.Arrays;

/** Checks and reads the targets and predictions that metrics take. */
final class Targets {
    private Targets() {}

    /** The class indices of a [N] tensor, each checked to lie in [0, numClasses). */
    static long[] of(String who, Tensor target, int numClasses) {
        if (target.dim() != 1) throw new IllegalArgumentException(who + ": targets must be [N] class indices, got shape " + Arrays.toString(target.shape()));
        if (target.dtype().isFloatingPoint()) throw new IllegalArgumentException(who + ": targets must be integer class indices, got " + target.dtype());
        long[] t = target.toLongArray();
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= numClasses) {
                throw new IllegalArgumentException(who + ": target " + i + " is class " + t[i] + " but there are " + numClasses + " classes");
            }
        }
        return t;
    }

    /** For each row of [N, C] scores, the k best classes (ties: the lower index first, as a stable sort). */
    static int[][] topK(String who, Tensor scores, int n, int numClasses, int k) {
        if (scores.dim() != 2 || scores.size(0) != n || scores.size(1) != numClasses) {
            throw new IllegalArgumentException(who + ": scores must be [" + n + ", " + numClasses + "], got " + Arrays.toString(scores.shape()));
        }
        double[] s = scores.toDoubleArray();
        int[][] out = new int[n][k];
        for (int i = 0; i < n; i++) {
            int[] best = out[i];
            Arrays.fill(best, -1);
            for (int c = 0; c < numClasses; c++) {
                double v = s[i * numClasses + c];
                // insertion into the sorted top-k list; strict > keeps the earlier class on ties
                int pos = k;
                while (pos > 0 && (best[pos - 1] < 0 || v > s[i * numClasses + best[pos - 1]])) pos--;
                if (pos < k) {
                    System.arraycopy(best, pos, best, pos + 1, k - pos - 1);
                    best[pos] = c;
                }
            }
        }
        return out;
    }
}
