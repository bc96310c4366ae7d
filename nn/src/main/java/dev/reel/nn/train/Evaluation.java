package dev.reel.nn.train;

import dev.reel.nn.metrics.Average;
import dev.reel.nn.metrics.ConfusionMatrix;
import dev.reel.nn.metrics.StatScores;

/**
 * The result of {@link Trainer#evaluate}: mean loss and, for classification, the confusion
 * matrix and the per-class scores it implies.
 *
 * <pre>{@code
 * Evaluation e = trainer.evaluate(val);
 * e.accuracy(); e.scores().f1(Average.MACRO); e.confusion().counts();
 * }</pre>
 *
 * @param loss      mean loss over samples
 * @param samples   samples evaluated
 * @param scores    top-1 stat scores (null when targets are not class indices)
 * @param topK      top-k stat scores with k = min(5, classes) (null likewise)
 * @param confusion confusion matrix (null likewise)
 */
public record Evaluation(double loss, long samples, StatScores scores, StatScores topK, ConfusionMatrix confusion) {
    /** Top-1 accuracy (micro), NaN without class targets. */
    public double accuracy() { return scores == null ? Double.NaN : scores.accuracy(Average.MICRO); }
}
