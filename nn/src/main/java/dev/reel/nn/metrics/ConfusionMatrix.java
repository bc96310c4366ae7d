package dev.reel.nn.metrics;

import dev.reel.engine.Tensor;

import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs: row = target, column = prediction, as
 * torchmetrics' {@code MulticlassConfusionMatrix} and scikit-learn's {@code confusion_matrix}.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(3);
 * cm.update(logits, labels);          // [N, 3] scores or [N] predicted classes
 * long[][] counts = cm.counts();
 * double[][] rows = cm.normalized(ConfusionMatrix.Normalize.TRUE);   // each row sums to 1
 * }</pre>
 */
public final class ConfusionMatrix {
    /** Normalisation, as torchmetrics' {@code normalize}: none, over true rows, predicted columns or all. */
    public enum Normalize { NONE, TRUE, PRED, ALL }

    private final long[][] counts;

    public ConfusionMatrix(int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("ConfusionMatrix: need at least 2 classes, got " + numClasses);
        counts = new long[numClasses][numClasses];
    }

    public int numClasses() { return counts.length; }

    /** Adds a batch of [N, C] scores (argmax is the prediction) or [N] predicted classes, against [N] targets. */
    public void update(Tensor preds, Tensor target) {
        int c = counts.length;
        long[] t = Targets.of("ConfusionMatrix", target, c);
        if (preds.dim() == 1) {
            long[] p = Targets.of("ConfusionMatrix (preds)", preds, c);
            if (p.length != t.length) throw new IllegalArgumentException("ConfusionMatrix: " + p.length + " predictions for " + t.length + " targets");
            for (int i = 0; i < t.length; i++) counts[(int) t[i]][(int) p[i]]++;
        } else {
            int[][] top = Targets.topK("ConfusionMatrix", preds, t.length, c, 1);
            for (int i = 0; i < t.length; i++) counts[(int) t[i]][top[i][0]]++;
        }
    }

    /** Adds one (target, prediction) pair. */
    public void add(int target, int predicted) { counts[target][predicted]++; }

    public void reset() { for (long[] row : counts) Arrays.fill(row, 0); }

    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
        return out;
    }

    /** Normalised counts; a row or column with no samples is all zeros. */
    public double[][] normalized(Normalize how) {
        int c = counts.length;
        double[][] out = new double[c][c];
        double total = 0;
        double[] rowSum = new double[c], colSum = new double[c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                rowSum[i] += counts[i][j];
                colSum[j] += counts[i][j];
                total += counts[i][j];
            }
        }
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double d = switch (how) {
                    case NONE -> 1;
                    case TRUE -> rowSum[i];
                    case PRED -> colSum[j];
                    case ALL -> total;
                };
                out[i][j] = d == 0 ? 0 : counts[i][j] / d;
            }
        }
        return out;
    }

    /** Fraction on the diagonal (top-1 micro accuracy). */
    public double accuracy() {
        long diag = 0, total = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) total += counts[i][j];
            diag += counts[i][i];
        }
        return total == 0 ? 0 : (double) diag / total;
    }

    /** A plain-text table with class names (for the terminal). */
    public String format(java.util.List<String> classNames) {
        int c = counts.length;
        int w = 5;
        for (String n : classNames) w = Math.max(w, n.length() + 1);
        for (long[] row : counts) for (long v : row) w = Math.max(w, Long.toString(v).length() + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + w + "s", "true\\pred"));
        for (int j = 0; j < c; j++) sb.append(String.format("%" + w + "s", name(classNames, j)));
        sb.append('\n');
        for (int i = 0; i < c; i++) {
            sb.append(String.format("%-" + w + "s", name(classNames, i)));
            for (int j = 0; j < c; j++) sb.append(String.format("%" + w + "d", counts[i][j]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String name(java.util.List<String> names, int i) { return i < names.size() ? names.get(i) : Integer.toString(i); }
}
