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
 * final weights are bit-identical to an uninterrupted run's (same threads, same device).
 */
public final class Trainer {
    private final Layer model;
    private final Optimizer optimizer;
    private final LRScheduler scheduler;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final double clipGradNorm;
    private final int accumulate;
    private final Device device;
    private final List<Callback> callbacks;
    private final List<EpochStats> history = new ArrayList<>();
    private int epoch;
    private long globalStep;
    private int schedulerSteps;
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
        callbacks = new ArrayList<>(b.callbacks);
    }

    public static Builder builder(Layer model, Optimizer optimizer) { return new Builder(model, optimizer); }

    public Layer model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    /** Epochs completed (the next epoch to run, 0-based). */
    public int epoch() { return epoch; }

    /** Optimizer steps taken. */
    public long globalStep() { return globalStep; }

    int schedulerSteps() { return schedulerSteps; }

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
        for (Callback c : callbacks) c.onEpochStart(this, epoch, batches);
        double lossSum = 0;
        long seen = 0, correct = 0;
        boolean classTargets = true;
        int micro = 0;
        optimizer.zeroGrad();
        try (var it = train.iterator()) {
            int b = 0;
            while (it.hasNext()) {
                Batch batch = it.next().to(device);
                Tensor out = model.call(batch.input());
                Tensor l = loss.apply(out, batch.target());
                checkFinite(l, b);
                (accumulate > 1 ? l.div(accumulate) : l).backward();
                micro++;
                boolean last = !it.hasNext();
                if (micro == accumulate || last) {
                    if (clipGradNorm > 0) GradClipping.clipGradNorm(model.parameters(), clipGradNorm, 2);
                    optimizer.step();
                    optimizer.zeroGrad();
                    globalStep++;
                    micro = 0;
                }
                int n = batch.size();
                lossSum += l.item() * n;
                seen += n;
                classTargets &= isClassTarget(out, batch.target());
                if (classTargets) correct += countCorrect(out, batch.target());
                double secs = (System.nanoTime() - t0) / 1e9;
                StepStats s = new StepStats(epoch, b, batches, globalStep, lossSum / seen,
                        classTargets ? (double) correct / seen : Double.NaN, seen / Math.max(secs, 1e-9), lr());
                for (Callback c : callbacks) c.onBatchEnd(this, s);
                b++;
            }
        }
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        Evaluation ev = val == null ? null : evaluate(val);
        if (scheduler != null) {
            scheduler.step();
            schedulerSteps++;
        }
        EpochStats stats = new EpochStats(epoch, lossSum / Math.max(1, seen), classTargets ? (double) correct / Math.max(1, seen) : Double.NaN,
                ev == null ? Double.NaN : ev.loss(), ev == null ? Double.NaN : ev.accuracy(), lrUsed, seen / Math.max(trainSecs, 1e-9),
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
                Tensor out = model.call(batch.input());
                lossSum += loss.apply(out, batch.target()).item() * batch.size();
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

    /** Saves everything needed to resume (see {@link Checkpoint}). */
    public void save(Path file, Map<String, String> config) { Checkpoint.save(file, this, config); }

    /**
     * Restores a checkpoint into this freshly built trainer: weights, optimizer state, scheduler
     * position, random generator, counters and history. Returns the checkpoint.
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
        Reel.defaultGenerator().setState(Long.parseLong(c.metadata().get("rng_seed")), Long.parseLong(c.metadata().get("rng_offset")));
        epoch = c.epoch();
        globalStep = c.globalStep();
        best = Double.parseDouble(c.metadata().getOrDefault("best", "-Infinity"));
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

        /** Where batches are moved before the forward pass; the model must already be there. */
        public Builder device(Device d) { device = Objects.requireNonNull(d); return this; }

        public Builder callback(Callback c) { callbacks.add(Objects.requireNonNull(c)); return this; }

        public Builder callbacks(Callback... cs) { callbacks.addAll(Arrays.asList(cs)); return this; }

        public Trainer build() { return new Trainer(this); }
    }
}
