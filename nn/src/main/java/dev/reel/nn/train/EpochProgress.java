package dev.reel.nn.train;

/**
 * Where a {@link Trainer} stands inside an epoch, as a mid-epoch {@link Checkpoint} stores it:
 * the batches consumed, the epoch's batch count (checked again on resume) and the running sums
 * the epoch's loss and accuracy are computed from. All zero between epochs.
 *
 * @param batchInEpoch batches of the epoch already trained on
 * @param epochBatches batches per epoch of the loader in use, or -1 before the first epoch
 * @param lossSum      sum of batch loss times batch size so far
 * @param seen         samples seen so far in the epoch
 * @param correct      top-1 hits so far in the epoch
 * @param classTargets whether every batch so far had class-index targets
 */
record EpochProgress(int batchInEpoch, int epochBatches, double lossSum, long seen, long correct, boolean classTargets) {
    static final EpochProgress START = new EpochProgress(0, -1, 0, 0, 0, true);
}
