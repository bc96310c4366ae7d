package dev.reel.cli;

import dev.reel.cli.models.Models;
import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Reel;
import dev.reel.nn.Layer;
import dev.reel.nn.amp.Autocast;
import dev.reel.nn.amp.GradScaler;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.optim.AdamW;
import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.SGD;
import dev.reel.nn.optim.lr.CosineAnnealingLR;
import dev.reel.nn.train.CsvLogger;
import dev.reel.nn.train.EarlyStopping;
import dev.reel.nn.train.Evaluation;
import dev.reel.nn.train.ModelCheckpoint;
import dev.reel.nn.train.ProgressLogger;
import dev.reel.nn.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reel train}: trains a video classifier and writes a run folder ({@code runs/NAME}:
 * config.json, metrics.csv, checkpoints/last and best, report.html). With no arguments it trains
 * the CNN-LSTM on the synthetic moving shapes.
 *
 * <pre>{@code
 * ./reel train
 * ./reel train --model c3d-small --epochs 5 --out runs/c3d
 * ./reel train --data videos/ --frames 16 --size 64 --epochs 20
 * ./reel train --resume runs/c3d
 * ./reel train --model r3d-18 --size 64 --checkpoint-every 200 --out runs/r3d
 * }</pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a video classifier (default: CNN-LSTM on synthetic moving shapes).")
public final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "cnn-lstm, convlstm, c3d-small, cnn-transformer, r3d-18 or r2plus1d-18 (default: ${DEFAULT-VALUE})")
    String model = "cnn-lstm";

    @Option(names = "--data", description = "synthetic, a folder root/<class>/<video>, a CSV list, or ucf101:VIDEOS:SPLITS[:FOLD] (default: ${DEFAULT-VALUE})")
    String data = "synthetic";

    @Option(names = "--frames", description = "frames per clip (default: ${DEFAULT-VALUE})")
    int frames = 8;

    @Option(names = "--stride", description = "temporal stride between sampled frames (default: ${DEFAULT-VALUE})")
    int stride = 1;

    @Option(names = "--size", description = "frame height and width after resizing (default: ${DEFAULT-VALUE})")
    int size = 32;

    @Option(names = "--classes", description = "synthetic data: number of classes, 2..16 (default: ${DEFAULT-VALUE})")
    int classes = 8;

    @Option(names = "--train-clips", description = "synthetic data: training clips (default: ${DEFAULT-VALUE})")
    int trainClips = 2400;

    @Option(names = "--val-clips", description = "synthetic data: validation clips (default: ${DEFAULT-VALUE})")
    int valClips = 480;

    @Option(names = "--epochs", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs = 8;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch = 16;

    @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr = 2e-3;

    @Option(names = "--optimizer", description = "adam, adamw or sgd (default: ${DEFAULT-VALUE})")
    String optimizer = "adam";

    @Option(names = "--clip-grad", description = "max gradient norm, 0 for none (default: ${DEFAULT-VALUE})")
    double clipGrad = 5;

    @Option(names = "--amp", description = "mixed precision: off, bf16 (autocast, F32 master weights) or f16 (autocast with a gradient scaler) (default: ${DEFAULT-VALUE})")
    String amp = "off";

    @Option(names = "--target-acc", description = "stop once validation accuracy reaches this (default: ${DEFAULT-VALUE}; 0 to never stop early)")
    double targetAcc = 0.98;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Option(names = "--workers", description = "data-loading threads (default: ${DEFAULT-VALUE})")
    int workers = 1;

    @Option(names = "--device", description = "cpu or cuda[:N] (default: ${DEFAULT-VALUE})")
    String device = "cpu";

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--out", description = "run folder (default: runs/<model>-<time>)")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "also checkpoint every N optimizer steps, inside epochs (default: at epoch ends only)")
    Integer checkpointEvery;

    @Option(names = "--resume", description = "continue the run in this folder from its last checkpoint (mid-epoch ones included)")
    Path resume;

    @Option(names = "--cache", description = "cache folder for generated data (default: ${DEFAULT-VALUE})")
    Path cache = Path.of(".reel-cache");

    @Override
    public void run() {
        PrintWriter log = spec.commandLine().getOut();
        if (resume != null) loadResumedConfig();
        validate();
        if (threads != null) Reel.setNumThreads(threads);
        Device dev = Devices.parse(device);
        Path run = resume != null ? resume : out != null ? out
                : Path.of("runs", model + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Reel.manualSeed(seed);

        var geometry = new DataSources.Geometry(frames, stride, size, trainClips, valClips, classes);
        DataSources.Split split = DataSources.open(data, geometry, cache, seed, log);
        int numClasses = split.classNames().size();
        Layer net = Models.create(model, numClasses, size, size);
        net.to(dev);
        Optimizer opt = switch (optimizer) {
            case "adam" -> new Adam(net.parameters(), new Adam.Options().lr(lr));
            case "adamw" -> new AdamW(net.parameters(), new AdamW.Options().lr(lr));
            case "sgd" -> new SGD(net.parameters(), new SGD.Options().lr(lr).momentum(0.9).nesterov(true));
            default -> throw new UserError("--optimizer " + optimizer + ": choose adam, adamw or sgd");
        };
        var train = DataLoader.builder(split.train()).batchSize(batch).shuffle(true).seed(seed).dropLast(true).workers(workers).build();
        var val = DataLoader.builder(split.val()).batchSize(batch).workers(workers).build();
        if (train.numBatches() == 0) throw new UserError("the training set has " + split.train().size() + " clips, fewer than one batch of " + batch);

        Map<String, String> config = config(numClasses, split, dev);
        PrintStream console = new PrintStream(new WriterOutputStream(log), true);
        DType ampType = ampType();
        Trainer trainer = Trainer.builder(net, opt).scheduler(new CosineAnnealingLR(opt, epochs, lr * 0.02)).clipGradNorm(clipGrad)
                .device(dev).autocast(ampType).gradScaler(ampType == DType.F16 ? new GradScaler() : null).build();
        if (resume != null) {
            trainer.resume(run.resolve("checkpoints/last.safetensors"));
            if (trainer.batchInEpoch() > 0) {
                log.printf("resuming %s in epoch %d after batch %d of %d%n", run, trainer.epoch() + 1, trainer.batchInEpoch(), train.numBatches());
            } else {
                log.printf("resuming %s at epoch %d%n", run, trainer.epoch() + 1);
            }
        }
        trainer.addCallback(new ModelCheckpoint(run.resolve("checkpoints"), config, checkpointEvery == null ? 0 : checkpointEvery));
        trainer.addCallback(new CsvLogger(run.resolve("metrics.csv")));
        trainer.addCallback(new ProgressLogger(console, System.console() != null && System.console().isTerminal(), 20));
        if (targetAcc > 0) trainer.addCallback(new EarlyStopping(epochs, 0, targetAcc));
        writeConfig(run, config);

        log.printf("%s: %s, %d parameters | %s%s | train %d clips, val %d clips | %d kernel threads | run folder %s%n", model,
                split.description(), net.parameterCount(true), dev, ampType == null ? "" : " | autocast " + ampType.torchName()
                        + (ampType == DType.F16 ? " with a gradient scaler" : ""),
                split.train().size(), split.val().size(), Reel.numThreads(), run);
        log.flush();
        long t0 = System.nanoTime();
        trainer.fit(train, val, epochs);
        double secs = (System.nanoTime() - t0) / 1e9;
        Evaluation ev = trainer.evaluate(val);
        train.close();
        val.close();
        double clipsPerSec = trainer.history().stream().mapToDouble(e -> e.samplesPerSecond()).average().orElse(Double.NaN);
        Path report = RunReport.write(run, config, trainer.history(), ev, split.classNames(), split.val(), trainer, secs);
        log.printf(Locale.ROOT, "done: validation accuracy %.2f%% after %d epochs in %.0f s (%.1f train clips/s); report %s%n",
                100 * ev.accuracy(), trainer.epoch(), secs, clipsPerSec, report);
        log.flush();
    }

    private void validate() {
        if (!Models.NAMES.contains(model)) throw new UserError("--model " + model + ": choose one of " + String.join(", ", Models.NAMES));
        if (frames < 2) throw new UserError("--frames must be >= 2, got " + frames);
        if (stride < 1) throw new UserError("--stride must be >= 1, got " + stride);
        int multiple = Models.sizeMultiple(model);
        if (size < 16 || size % multiple != 0) {
            throw new UserError("--size must be a multiple of " + multiple + ", at least 16" + (multiple == 8 ? "" : ", for " + model) + ", got " + size);
        }
        if (epochs < 1) throw new UserError("--epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (!(lr > 0)) throw new UserError("--lr must be > 0, got " + lr);
        if (classes < 2 || classes > 16) throw new UserError("--classes must be in 2..16, got " + classes);
        if (workers < 0) throw new UserError("--workers must be >= 0, got " + workers);
        if (threads != null && threads < 1) throw new UserError("--threads must be >= 1, got " + threads);
        if (checkpointEvery != null && checkpointEvery < 0) throw new UserError("--checkpoint-every must be >= 0 steps, got " + checkpointEvery);
        ampType();
    }

    /** --amp as the autocast type, or null for off. */
    private DType ampType() {
        if (amp.equalsIgnoreCase("off")) return null;
        try {
            return Autocast.parse(amp);
        } catch (IllegalArgumentException e) {
            throw new UserError("--amp " + amp + ": choose off, bf16 or f16");
        }
    }

    private Map<String, String> config(int numClasses, DataSources.Split split, Device dev) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("model", model);
        c.put("data", data);
        c.put("classes", Integer.toString(numClasses));
        c.put("class_names", String.join(",", split.classNames()));
        c.put("frames", Integer.toString(frames));
        c.put("stride", Integer.toString(stride));
        c.put("size", Integer.toString(size));
        c.put("synthetic_classes", Integer.toString(classes));
        c.put("train_clips", Integer.toString(trainClips));
        c.put("val_clips", Integer.toString(valClips));
        c.put("epochs", Integer.toString(epochs));
        c.put("batch", Integer.toString(batch));
        c.put("lr", Double.toString(lr));
        c.put("optimizer", optimizer);
        c.put("clip_grad", Double.toString(clipGrad));
        c.put("amp", amp.toLowerCase(Locale.ROOT));
        c.put("target_acc", Double.toString(targetAcc));
        c.put("workers", Integer.toString(workers));
        c.put("threads", Integer.toString(Reel.numThreads()));
        c.put("device", dev.toString());
        c.put("seed", Long.toString(seed));
        c.put("checkpoint_every", Integer.toString(checkpointEvery == null ? 0 : checkpointEvery));
        return c;
    }

    /** --resume: the run's own settings, except threads, workers and (when given) --checkpoint-every, which may change. */
    private void loadResumedConfig() {
        Path last = resume.resolve("checkpoints/last.safetensors");
        if (!Files.isRegularFile(last)) throw new UserError("--resume " + resume + ": no checkpoints/last.safetensors in it; pass a run folder written by reel train");
        Map<String, String> c = dev.reel.nn.train.Checkpoint.read(last).config();
        model = c.get("model");
        data = c.get("data");
        frames = Integer.parseInt(c.get("frames"));
        stride = Integer.parseInt(c.get("stride"));
        size = Integer.parseInt(c.get("size"));
        classes = Integer.parseInt(c.get("synthetic_classes"));
        trainClips = Integer.parseInt(c.get("train_clips"));
        valClips = Integer.parseInt(c.get("val_clips"));
        epochs = Math.max(epochs == 8 ? Integer.parseInt(c.get("epochs")) : epochs, 1);
        batch = Integer.parseInt(c.get("batch"));
        lr = Double.parseDouble(c.get("lr"));
        optimizer = c.get("optimizer");
        clipGrad = Double.parseDouble(c.get("clip_grad"));
        amp = c.getOrDefault("amp", "off");
        targetAcc = Double.parseDouble(c.get("target_acc"));
        seed = Long.parseLong(c.get("seed"));
        if (checkpointEvery == null) checkpointEvery = Integer.parseInt(c.getOrDefault("checkpoint_every", "0"));
    }

    private static void writeConfig(Path run, Map<String, String> config) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (var e : config.entrySet()) {
            sb.append("  \"").append(e.getKey()).append("\": \"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"').append(++i < config.size() ? ",\n" : "\n");
        }
        sb.append("}\n");
        try {
            Files.createDirectories(run);
            Files.writeString(run.resolve("config.json"), sb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + run.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }
}
