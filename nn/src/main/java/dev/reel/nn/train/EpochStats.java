package dev.reel.nn.train;

/**
 * One epoch's figures: one row of {@code metrics.csv}. Validation fields are NaN without a
 * validation loader.
 *
 * @param epoch            0-based epoch
 * @param trainLoss        mean training loss
 * @param trainAccuracy    top-1 training accuracy (NaN when targets are not class indices)
 * @param valLoss          mean validation loss
 * @param valAccuracy      top-1 validation accuracy
 * @param lr               learning rate used in this epoch (first group)
 * @param samplesPerSecond training throughput
 * @param seconds          wall time of the epoch, evaluation included
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy, double lr,
                         double samplesPerSecond, double seconds) {
    /** The CSV header matching {@link #csv()}. */
    public static final String CSV_HEADER = "epoch,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,seconds";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.2f,%.2f", epoch, trainLoss, trainAccuracy,
                valLoss, valAccuracy, lr, samplesPerSecond, seconds);
    }
}
