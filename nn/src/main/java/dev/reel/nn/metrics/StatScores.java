package dev.reel.nn.metrics;

import dev.reel.engine.Tensor;

import java.util.Arrays;

/**
 * Per-class true/false positives and negatives of a multiclass classifier, accumulated over
 * batches, and the metrics made from them with torchmetrics' semantics ({@code MulticlassAccuracy},
 * {@code MulticlassPrecision}, {@code MulticlassRecall}, {@code MulticlassF1Score}): a division by
 * zero gives 0, and with top-k a sample's k best classes all count as predicted.
 *
 * <pre>{@code
 * StatScores s = new StatScores(10, 1);
 * s.update(logits, labels);                       // [N, 10] scores, [N] class indices
 * double acc = s.accuracy(Average.MICRO);         // fraction correct
 * double f1 = s.f1(Average.MACRO);
 * double[] recall = s.perClassRecall();
 * }</pre>
 */
public final class StatScores {
    private final int numClasses;
    private final int topK;
    private final long[] tp, fp, fn;
    private long samples;

    /** {@code topK} = 1 is ordinary accuracy; k > 1 counts a hit when the target is among the k best scores. */
    public StatScores(int numClasses, int topK) {
        if (numClasses < 2) throw new IllegalArgumentException("StatScores: need at least 2 classes, got " + numClasses);
        if (topK < 1 || topK > numClasses) {
            throw new IllegalArgumentException("StatScores: topK must be in 1.." + numClasses + ", got " + topK);
        }
        this.numClasses = numClasses;
        this.topK = topK;
        tp = new long[numClasses];
        fp = new long[numClasses];
        fn = new long[numClasses];
    }

    public int numClasses() { return numClasses; }

    public int topK() { return topK; }

    /** Samples seen so far. */
    public long samples() { return samples; }

    /**
     * Adds a batch: {@code preds} is [N, C] scores (logits or probabilities) or, for top-1, [N]
     * class indices; {@code target} is [N] class indices.
     */
    public void update(Tensor preds, Tensor target) {
        long[] t = Targets.of("StatScores", target, numClasses);
        if (preds.dim() == 1) {
            if (topK != 1) throw new IllegalArgumentException("StatScores: top-" + topK + " needs [N, C] scores, got class indices of shape " + Arrays.toString(preds.shape()));
            long[] p = Targets.of("StatScores (preds)", preds, numClasses);
            if (p.length != t.length) throw new IllegalArgumentException("StatScores: " + p.length + " predictions for " + t.length + " targets");
            for (int i = 0; i < t.length; i++) add(new int[] {(int) p[i]}, (int) t[i]);
            return;
        }
        int[][] top = Targets.topK("StatScores", preds, t.length, numClasses, topK);
        for (int i = 0; i < t.length; i++) add(top[i], (int) t[i]);
    }

    private void add(int[] predicted, int target) {
        boolean hit = false;
        for (int c : predicted) {
            if (c == target) { tp[c]++; hit = true; }
            else fp[c]++;
        }
        if (!hit) fn[target]++;
        samples++;
    }

    public void reset() {
        Arrays.fill(tp, 0);
        Arrays.fill(fp, 0);
        Arrays.fill(fn, 0);
        samples = 0;
    }

    public long[] tp() { return tp.clone(); }

    public long[] fp() { return fp.clone(); }

    public long[] fn() { return fn.clone(); }

    /** True negatives per class: samples where the class was neither target nor predicted. */
    public long[] tn() {
        long[] tn = new long[numClasses];
        for (int c = 0; c < numClasses; c++) tn[c] = samples - tp[c] - fp[c] - fn[c];
        return tn;
    }

    /** Support per class: how many targets belong to it. */
    public long[] support() {
        long[] s = new long[numClasses];
        for (int c = 0; c < numClasses; c++) s[c] = tp[c] + fn[c];
        return s;
    }

    // ---------------------------------------------------------------- metrics

    /** Accuracy: micro is the fraction of samples whose target is among the top-k; macro is mean per-class recall. */
    public double accuracy(Average avg) {
        if (avg == Average.MICRO) return div(sum(tp), sum(tp) + sum(fn));
        return reduce(perClassRecall(), avg);
    }

    public double precision(Average avg) {
        if (avg == Average.MICRO) return div(sum(tp), sum(tp) + sum(fp));
        return reduce(perClassPrecision(), avg);
    }

    public double recall(Average avg) {
        if (avg == Average.MICRO) return div(sum(tp), sum(tp) + sum(fn));
        return reduce(perClassRecall(), avg);
    }

    public double f1(Average avg) { return fbeta(1, avg); }

    /** F-beta: (1+β²)·tp / ((1+β²)·tp + β²·fn + fp). */
    public double fbeta(double beta, Average avg) {
        double b2 = beta * beta;
        if (avg == Average.MICRO) return div((1 + b2) * sum(tp), (1 + b2) * sum(tp) + b2 * sum(fn) + sum(fp));
        return reduce(perClassFbeta(beta), avg);
    }

    public double[] perClassPrecision() {
        double[] s = new double[numClasses];
        for (int c = 0; c < numClasses; c++) s[c] = div(tp[c], tp[c] + fp[c]);
        return s;
    }

    public double[] perClassRecall() {
        double[] s = new double[numClasses];
        for (int c = 0; c < numClasses; c++) s[c] = div(tp[c], tp[c] + fn[c]);
        return s;
    }

    public double[] perClassF1() { return perClassFbeta(1); }

    public double[] perClassFbeta(double beta) {
        double b2 = beta * beta;
        double[] s = new double[numClasses];
        for (int c = 0; c < numClasses; c++) s[c] = div((1 + b2) * tp[c], (1 + b2) * tp[c] + b2 * fn[c] + fp[c]);
        return s;
    }

    /**
     * torchmetrics' {@code _adjust_weights_safe_divide}: macro leaves out classes absent from
     * targets and predictions (for top-k: absent from targets), weighted uses the support.
     */
    private double reduce(double[] score, Average avg) {
        if (avg == Average.NONE) {
            throw new IllegalArgumentException("StatScores: Average.NONE has no single value; use the perClass methods");
        }
        double num = 0, den = 0;
        for (int c = 0; c < numClasses; c++) {
            double w;
            if (avg == Average.WEIGHTED) w = tp[c] + fn[c];
            else w = (topK == 1 ? tp[c] + fp[c] + fn[c] : tp[c] + fn[c]) == 0 ? 0 : 1;
            num += w * score[c];
            den += w;
        }
        return div(num, den);
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }

    private static double div(double a, double b) { return b == 0 ? 0 : a / b; }
}
