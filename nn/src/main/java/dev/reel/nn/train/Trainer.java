package dev.reel.nn.train;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.F;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.metrics.ConfusionMatrix;
import dev.reel.nn.metrics.StatScores;
import dev.reel.nn.amp.Autocast;
import dev.reel.nn.amp.GradScaler;
import dev.reel.nn.optim.GradClipping;
import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.lr.LRScheduler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The training loop, as Keras' {@code fit} with PyTorch's pieces: forward, loss, backward,
 * optional gradient clipping and accumulation, optimizer step, a scheduler step per epoch, an
 * evaluation per epoch, and {@link Callback}s for logging, checkpoints and early stopping.
 * {@link #evaluate} and {@link #predict} reuse the same model on any loader.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
 * Trainer t = Trainer.builder(model, opt).scheduler(new CosineAnnealingLR(opt, 10, 0))
 *         .clipGradNorm(1.0).callback(new ProgressLogger(System.out, 20)).build();
 * t.fit(trainLoader, valLoader, 10);
 * Evaluation e = t.evaluate(valLoader);
 * }</pre>
 *
 * <p>Resuming: build a trainer exactly as the interrupted one was built, call
 * {@link #resume(Path)} with its checkpoint, and {@code fit} to the same number of epochs; the
 * final weights are bit-identical to an uninterrupted run's (same threads, same device). A
 * checkpoint taken inside an epoch (see {@link ModelCheckpoint}'s step interval) also holds the
 * number of batches consumed and the epoch's running sums; the resumed epoch draws the same
 * shuffle order and skips those batches without loading them.
 */
public final class Trainer {
    private final Layer model;
    private final Optimizer optimizer;
    private final LRScheduler scheduler;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final double clipGradNorm;
    private final int accumulate;
    private final Device device;
    private final DType autocast;        // null: F32 throughout
    private final GradScaler scaler;     // null: no loss scaling
    private final List<Callback> callbacks;
    private final List<EpochStats> history = new ArrayList<>();
    private int epoch;
    private long globalStep;
    private int schedulerSteps;
    // Position inside the current epoch: batches consumed, micro-batches since the last
    // optimizer step, and the running sums the epoch's statistics are made from.
    private int batchInEpoch;
    private int pendingMicroBatches;
    private double epochLossSum;
    private long epochSeen, epochCorrect;
    private boolean epochClassTargets = true;
    private int epochBatches = -1;
    private double best = Double.NEGATIVE_INFINITY;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        model = b.model;
        optimizer = b.optimizer;
        scheduler = b.scheduler;
        loss = b.loss;
        clipGradNorm = b.clipGradNorm;
        accumulate = b.accumulate;
        device = b.device;
        autocast = b.autocast;
        scaler = b.scaler;
        callbacks = new ArrayList<>(b.callbacks);
    }

    public static Builder builder(Layer model, Optimizer optimizer) { return new Builder(model, optimizer); }

    public Layer model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    /** The autocast type of the forward passes (BF16 or F16), or null when they run in F32. */
    public DType autocast() { return autocast; }

    /** The loss scaler, or null. */
    public GradScaler gradScaler() { return scaler; }

    /** An autocast scope for one forward pass, or null (try-with-resources skips a null). */
    private Autocast autocastScope() { return autocast == null ? null : Autocast.enable(autocast); }

    /** Epochs completed (the next epoch to run, 0-based). */
    public int epoch() { return epoch; }

    /** Optimizer steps taken. */
    public long globalStep() { return globalStep; }

    int schedulerSteps() { return schedulerSteps; }

    /** Batches of the current epoch already trained on (0 between epochs). */
    public int batchInEpoch() { return batchInEpoch; }

    /** True when no gradients are waiting for an optimizer step (checkpoints are taken only then). */
    public boolean atStepBoundary() { return pendingMicroBatches == 0; }

    /** The epoch's running figures, saved by mid-epoch checkpoints. */
    EpochProgress epochProgress() {
        return new EpochProgress(batchInEpoch, epochBatches, epochLossSum, epochSeen, epochCorrect, epochClassTargets);
    }

    /** The figures of every completed epoch. */
    public List<EpochStats> history() { return List.copyOf(history); }

    /** Best value of the monitored metric so far (kept by {@link ModelCheckpoint}, saved in checkpoints). */
    public double best() { return best; }

    void setBest(double v) { best = v; }

    public void addCallback(Callback c) { callbacks.add(Objects.requireNonNull(c)); }

    /** Ends {@link #fit} after the current epoch (early stopping). */
    public void requestStop() { stopRequested = true; }

    /** The learning rate of the first parameter group. */
    public double lr() { return optimizer.paramGroups().get(0).lr(); }

    /**
     * Trains until {@code epochs} epochs are complete (counting those of a resumed checkpoint).
     * {@code val} may be null.
     */
    public List<EpochStats> fit(DataLoader<?, Batch> train, DataLoader<?, Batch> val, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Trainer.fit: epochs must be >= 1, got " + epochs);
        stopRequested = false;
        for (Callback c : callbacks) c.onFitStart(this, epochs);
        while (epoch < epochs && !stopRequested) {
            runEpoch(train, val);
        }
        for (Callback c : callbacks) c.onFitEnd(this);
        return history();
    }

    private void runEpoch(DataLoader<?, Batch> train, DataLoader<?, Batch> val) {
        long t0 = System.nanoTime();
        double lrUsed = lr();
        model.train();
        train.setEpoch(epoch);
        int batches = train.numBatches();
        int first = batchInEpoch;   // > 0 only when resuming from a mid-epoch checkpoint
        if (first > 0 && batches != epochBatches) {
            throw new IllegalStateException("Trainer: the checkpoint was taken after batch " + first + " of " + epochBatches
                    + " in epoch " + epoch + ", but this training loader has " + batches
                    + " batches per epoch; resume with the same data, batch size and dropLast");
        }
        if (first == 0) {
            epochLossSum = 0;
            epochSeen = 0;
            epochCorrect = 0;
            epochClassTargets = true;
        }
        epochBatches = batches;
        long seenBefore = epochSeen;
        for (Callback c : callbacks) c.onEpochStart(this, epoch, batches);
        optimizer.zeroGrad();
        pendingMicroBatches = 0;
        try (var it = train.iterator(first)) {
            int b = first;
            while (it.hasNext()) {
                Batch batch = it.next().to(device);
                Tensor out, l;
                try (var ac = autocastScope()) {
                    out = model.call(batch.input());
                    l = loss.apply(out, batch.target());
                }
                checkFinite(l, b);
                Tensor scaled = scaler == null ? l : scaler.scale(l);
                (accumulate > 1 ? scaled.div(accumulate) : scaled).backward();
                pendingMicroBatches++;
                boolean last = !it.hasNext();
                if (pendingMicroBatches == accumulate || last) {
                    if (scaler != null) scaler.unscale_(optimizer); // clipping sees the true gradients
                    if (clipGradNorm > 0) GradClipping.clipGradNorm(model.parameters(), clipGradNorm, 2);
                    if (scaler != null) {
                        scaler.step(optimizer);                     // skipped when a gradient overflowed
                        scaler.update();
                    } else {
                        optimizer.step();
                    }
                    optimizer.zeroGrad();
                    globalStep++;
                    pendingMicroBatches = 0;
                }
                int n = batch.size();
                epochLossSum += l.item() * n;
                epochSeen += n;
                epochClassTargets &= isClassTarget(out, batch.target());
                if (epochClassTargets) epochCorrect += countCorrect(out, batch.target());
                batchInEpoch = b + 1;
                double secs = (System.nanoTime() - t0) / 1e9;
                StepStats s = new StepStats(epoch, b, batches, globalStep, epochLossSum / epochSeen,
                        epochClassTargets ? (double) epochCorrect / epochSeen : Double.NaN, (epochSeen - seenBefore) / Math.max(secs, 1e-9), lr());
                for (Callback c : callbacks) c.onBatchEnd(this, s);
                b++;
            }
        }
        double lossSum = epochLossSum;
        long seen = epochSeen, correct = epochCorrect;
        boolean classTargets = epochClassTargets;
        batchInEpoch = 0;
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        Evaluation ev = val == null ? null : evaluate(val);
        if (scheduler != null) {
            scheduler.step();
            schedulerSteps++;
        }
        EpochStats stats = new EpochStats(epoch, lossSum / Math.max(1, seen), classTargets ? (double) correct / Math.max(1, seen) : Double.NaN,
                ev == null ? Double.NaN : ev.loss(), ev == null ? Double.NaN : ev.accuracy(), lrUsed, (seen - seenBefore) / Math.max(trainSecs, 1e-9),
                (System.nanoTime() - t0) / 1e9);
        history.add(stats);
        epoch++;
        for (Callback c : callbacks) c.onEpochEnd(this, stats);
    }

    private static void checkFinite(Tensor l, int batch) {
        double v = l.item();
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("Trainer: the loss of batch " + batch + " is " + v
                    + "; lower the learning rate or enable gradient clipping");
        }
    }

    private static boolean isClassTarget(Tensor out, Tensor target) {
        return target.dim() == 1 && !target.dtype().isFloatingPoint() && out.dim() == 2 && out.size(0) == target.size(0);
    }

    private static long countCorrect(Tensor out, Tensor target) {
        try (var g = Grad.off()) {
            return (long) out.detach().argmax(1, false).eq(target).to(DType.I64).sum().item();
        }
    }

    /** Mean loss and, for class targets, the confusion matrix and stat scores, with the model in eval mode. */
    public Evaluation evaluate(DataLoader<?, Batch> loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long seen = 0;
        StatScores top1 = null, topK = null;
        ConfusionMatrix cm = null;
        try (var g = Grad.off(); var it = loader.iterator()) {
            while (it.hasNext()) {
                Batch batch = it.next().to(device);
                Tensor out, l;
                try (var ac = autocastScope()) {
                    out = model.call(batch.input());
                    l = loss.apply(out, batch.target());
                }
                lossSum += l.item() * batch.size();
                seen += batch.size();
                if (isClassTarget(out, batch.target())) {
                    if (cm == null) {
                        int classes = out.size(1);
                        cm = new ConfusionMatrix(classes);
                        top1 = new StatScores(classes, 1);
                        topK = new StatScores(classes, Math.min(5, classes));
                    }
                    Tensor o = out.cpu(), t = batch.target().cpu();
                    cm.update(o, t);
                    top1.update(o, t);
                    topK.update(o, t);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(seen == 0 ? Double.NaN : lossSum / seen, seen, top1, topK, cm);
    }

    /** Class probabilities (softmax of the model's output) for one batch of inputs, in eval mode. */
    public Tensor predict(Tensor input) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = Grad.off()) {
            return model.call(input.to(device)).softmax(1).cpu();
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * Saves everything needed to resume (see {@link Checkpoint}); between epochs or, inside an
     * epoch, right after an optimizer step (gradients being accumulated are not saved).
     */
    public void save(Path file, Map<String, String> config) {
        if (!atStepBoundary()) {
            throw new IllegalStateException("Trainer.save: " + pendingMicroBatches + " of " + accumulate
                    + " accumulated micro-batches are waiting for an optimizer step; save right after a step");
        }
        Checkpoint.save(file, this, config);
    }

    /**
     * Restores a checkpoint into this freshly built trainer: weights, optimizer state, scheduler
     * position, random generator, counters, history and, for a mid-epoch checkpoint, the position
     * in the epoch (the next {@code fit} skips the batches already trained on). Returns the checkpoint.
     */
    public Checkpoint resume(Path file) {
        Checkpoint c = Checkpoint.read(file);
        if (epoch != 0 || globalStep != 0) throw new IllegalStateException("Trainer.resume: call it on a freshly built trainer");
        model.loadStateDict(c.modelState());
        int steps = Integer.parseInt(c.metadata().getOrDefault("scheduler_steps", "0"));
        if (scheduler != null) {
            // Replaying the schedule reproduces its internal position exactly (chainable forms included).
            for (int i = 0; i < steps; i++) scheduler.step();
        }
        schedulerSteps = steps;
        optimizer.loadStateDict(c.optimizerState());
        Map<String, Object> scalerState = c.gradScalerState();
        if (scaler != null && scaler.isEnabled() && !scalerState.isEmpty()) scaler.loadStateDict(scalerState);
        Reel.defaultGenerator().setState(Long.parseLong(c.metadata().get("rng_seed")), Long.parseLong(c.metadata().get("rng_offset")));
        epoch = c.epoch();
        globalStep = c.globalStep();
        best = Double.parseDouble(c.metadata().getOrDefault("best", "-Infinity"));
        EpochProgress p = c.epochProgress();
        batchInEpoch = p.batchInEpoch();
        epochBatches = p.epochBatches();
        epochLossSum = p.lossSum();
        epochSeen = p.seen();
        epochCorrect = p.correct();
        epochClassTargets = p.classTargets();
        history.clear();
        history.addAll(c.history());
        return c;
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private final Layer model;
        private final Optimizer optimizer;
        private LRScheduler scheduler;
        private BiFunction<Tensor, Tensor, Tensor> loss = F::crossEntropy;
        private double clipGradNorm;
        private int accumulate = 1;
        private Device device = Device.CPU;
        private DType autocast;
        private GradScaler scaler;
        private final List<Callback> callbacks = new ArrayList<>();

        private Builder(Layer model, Optimizer optimizer) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** An epoch-indexed scheduler, stepped after each epoch. */
        public Builder scheduler(LRScheduler s) { scheduler = s; return this; }

        /** The loss of (model output, target); default cross entropy. */
        public Builder loss(BiFunction<Tensor, Tensor, Tensor> l) { loss = Objects.requireNonNull(l); return this; }

        /** Clips the global L2 norm of the gradients before each step; 0 disables. */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm >= 0)) throw new IllegalArgumentException("Trainer: clipGradNorm must be >= 0, got " + maxNorm);
            clipGradNorm = maxNorm;
            return this;
        }

        /** Accumulates gradients over {@code n} batches per optimizer step (the loss is divided by n). */
        public Builder accumulate(int n) {
            if (n < 1) throw new IllegalArgumentException("Trainer: accumulate must be >= 1, got " + n);
            accumulate = n;
            return this;
        }

        /**
         * Runs each forward pass and loss under {@link Autocast} to {@code lower} (BF16 or F16; null
         * for F32): mixed precision with the F32 parameters as master weights.
         */
        public Builder autocast(DType lower) {
            if (lower != null && !lower.isHalf()) throw new IllegalArgumentException("Trainer: autocast takes BF16 or F16, got " + lower);
            autocast = lower;
            return this;
        }

        /**
         * Scales the loss before backward and unscales the gradients before clipping and the step,
         * which is skipped when they overflowed ({@link GradScaler}); F16 training needs it.
         */
        public Builder gradScaler(GradScaler s) { scaler = s; return this; }

        /** Where batches are moved before the forward pass; the model must already be there. */
        public Builder device(Device d) { device = Objects.requireNonNull(d); return this; }

        public Builder callback(Callback c) { callbacks.add(Objects.requireNonNull(c)); return this; }

        public Builder callbacks(Callback... cs) { callbacks.addAll(Arrays.asList(cs)); return this; }

        public Trainer build() { return new Trainer(this); }
    }
}
