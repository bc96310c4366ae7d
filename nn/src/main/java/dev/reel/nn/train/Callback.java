package dev.reel.nn.train;

/**
 * Hooks into {@link Trainer#fit}: logging, checkpoints, early stopping. Every method has an
 * empty default; implement the ones you need.
 *
 * <pre>{@code
 * trainer.addCallback(new Callback() {
 *     public void onEpochEnd(Trainer t, EpochStats s) { System.out.println(s.valAccuracy()); }
 * });
 * }</pre>
 */
public interface Callback {
    /** Before the first epoch (also when resuming). */
    default void onFitStart(Trainer trainer, int epochs) {}

    default void onEpochStart(Trainer trainer, int epoch, int batches) {}

    /** After each optimizer step (or accumulated micro-batch). */
    default void onBatchEnd(Trainer trainer, StepStats step) {}

    /** After the epoch's evaluation and scheduler step. */
    default void onEpochEnd(Trainer trainer, EpochStats stats) {}

    default void onFitEnd(Trainer trainer) {}
}
