package dev.reel.nn.train;

/**
 * Progress within an epoch, given to {@link Callback#onBatchEnd}.
 *
 * @param epoch        0-based epoch
 * @param batch        0-based batch within the epoch
 * @param batches      batches in the epoch
 * @param globalStep   optimizer steps since the start of training
 * @param loss         running mean loss of the epoch so far
 * @param accuracy     running top-1 accuracy of the epoch so far
 * @param samplesPerSecond running throughput of the epoch
 * @param lr           learning rate of the first parameter group
 */
public record StepStats(int epoch, int batch, int batches, long globalStep, double loss, double accuracy,
                        double samplesPerSecond, double lr) {}
