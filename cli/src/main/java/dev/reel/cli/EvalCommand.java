package dev.reel.cli;

import dev.reel.engine.Reel;
import dev.reel.nn.Layer;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.metrics.Average;
import dev.reel.nn.metrics.StatScores;
import dev.reel.nn.optim.SGD;
import dev.reel.nn.train.Evaluation;
import dev.reel.nn.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code reel eval}: rebuilds a trained model from its checkpoint and measures it on a data set
 * (by default the run's own validation data): top-1 and top-k accuracy, macro precision, recall
 * and F1, per-class scores and the confusion matrix, printed as text; with {@code --out} also
 * written as {@code metrics.json}, {@code per_class.csv}, {@code confusion_matrix.csv} and
 * {@code confusion_matrix.svg}.
 *
 * <pre>{@code
 * ./reel eval runs/cnn-lstm-20261123-101500
 * ./reel eval runs/c3d/checkpoints/last.safetensors --data videos/test --out runs/c3d/eval-test
 * }</pre>
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained model: accuracy, precision/recall/F1 per class, confusion matrix.")
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "a checkpoint written by reel train, or its run folder (checkpoints/best, else last)")
    Path checkpoint;

    @Option(names = "--data", description = "synthetic, a folder root/<class>/<video> (its val/ part if it has train/ and val/), "
            + "a CSV list, or ucf101:VIDEOS:SPLITS[:FOLD] (default: the run's validation data)")
    String data;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch = 16;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Option(names = "--out", description = "also write metrics.json, per_class.csv, confusion_matrix.csv and .svg into this folder")
    Path out;

    @Option(names = "--cache", description = "cache folder for generated data (default: ${DEFAULT-VALUE})")
    Path cache = Path.of(".reel-cache");

    @Override
    public void run() {
        PrintWriter log = spec.commandLine().getOut();
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (threads != null && threads < 1) throw new UserError("--threads must be >= 1, got " + threads);
        if (threads != null) Reel.setNumThreads(threads);
        RunConfig run = RunConfig.load(checkpoint);
        Layer model = run.loadModel();
        Dataset<Example> set = data == null ? run.validation(cache, log) : run.evaluationData(data, cache, log);
        if (set.size() == 0) throw new UserError((data == null ? "the run's validation data" : "--data " + data) + " holds no clips");
        Evaluation ev = evaluate(model, set, batch);
        String what = data == null ? "validation data of the run (" + run.data() + ")" : data;
        print(log, run, what, ev);
        if (out != null) write(out, run, what, ev);
        log.flush();
    }

    /** The trainer's own evaluation (model in eval mode, no gradients), so the figures are those training reported. */
    static Evaluation evaluate(Layer model, Dataset<Example> set, int batch) {
        // Trainer needs an optimizer; this one is never stepped.
        Trainer t = Trainer.builder(model, new SGD(model.parameters(), new SGD.Options())).build();
        try (var loader = DataLoader.builder(set).batchSize(batch).build()) {
            return t.evaluate(loader);
        }
    }

    private static void print(PrintWriter log, RunConfig run, String what, Evaluation ev) {
        StatScores s = ev.scores(), k = ev.topK();
        List<String> names = run.classNames();
        log.printf(Locale.ROOT, "%s from %s, on %d clips of the %s%n", run.model(), run.checkpoint(), ev.samples(), what);
        log.printf(Locale.ROOT, "accuracy      top-1 %.2f%%   top-%d %.2f%%%n", 100 * ev.accuracy(), k.topK(), 100 * k.accuracy(Average.MICRO));
        log.printf(Locale.ROOT, "macro         precision %.4f   recall %.4f   F1 %.4f%n", s.precision(Average.MACRO), s.recall(Average.MACRO),
                s.f1(Average.MACRO));
        log.printf(Locale.ROOT, "loss          %.4f (cross entropy)%n%n", ev.loss());
        int w = Math.max(5, names.stream().mapToInt(String::length).max().orElse(5)) + 2;
        log.printf(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s%n", "class", "precision", "recall", "F1", "support");
        double[] p = s.perClassPrecision(), r = s.perClassRecall(), f = s.perClassF1();
        long[] support = s.support();
        for (int c = 0; c < p.length; c++) {
            log.printf(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", names.get(c), p[c], r[c], f[c], support[c]);
        }
        log.printf(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n%n", "macro avg", s.precision(Average.MACRO), s.recall(Average.MACRO),
                s.f1(Average.MACRO), ev.samples());
        log.println("confusion matrix (rows: true class, columns: predicted)");
        log.print(ev.confusion().format(names));
    }

    private static void write(Path dir, RunConfig run, String what, Evaluation ev) {
        StatScores s = ev.scores(), k = ev.topK();
        List<String> names = run.classNames();
        double[] p = s.perClassPrecision(), r = s.perClassRecall(), f = s.perClassF1();
        long[] support = s.support();
        long[][] counts = ev.confusion().counts();

        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"checkpoint\": ").append(Json.str(run.checkpoint().toString())).append(",\n");
        json.append("  \"model\": ").append(Json.str(run.model())).append(",\n");
        json.append("  \"data\": ").append(Json.str(what)).append(",\n");
        json.append("  \"samples\": ").append(ev.samples()).append(",\n");
        json.append("  \"loss\": ").append(Json.num(ev.loss())).append(",\n");
        json.append("  \"accuracy\": ").append(Json.num(ev.accuracy())).append(",\n");
        json.append("  \"top_k\": ").append(k.topK()).append(",\n");
        json.append("  \"top_k_accuracy\": ").append(Json.num(k.accuracy(Average.MICRO))).append(",\n");
        json.append("  \"macro_precision\": ").append(Json.num(s.precision(Average.MACRO))).append(",\n");
        json.append("  \"macro_recall\": ").append(Json.num(s.recall(Average.MACRO))).append(",\n");
        json.append("  \"macro_f1\": ").append(Json.num(s.f1(Average.MACRO))).append(",\n");
        json.append("  \"per_class\": [\n");
        for (int c = 0; c < p.length; c++) {
            json.append("    {\"class\": ").append(Json.str(names.get(c))).append(", \"precision\": ").append(Json.num(p[c]))
                    .append(", \"recall\": ").append(Json.num(r[c])).append(", \"f1\": ").append(Json.num(f[c]))
                    .append(", \"support\": ").append(support[c]).append(c + 1 < p.length ? "},\n" : "}\n");
        }
        json.append("  ],\n  \"confusion_matrix\": [");
        for (int i = 0; i < counts.length; i++) {
            json.append(i == 0 ? "" : ", ").append('[');
            for (int j = 0; j < counts[i].length; j++) json.append(j == 0 ? "" : ", ").append(counts[i][j]);
            json.append(']');
        }
        json.append("]\n}\n");

        StringBuilder perClass = new StringBuilder("class,precision,recall,f1,support\n");
        for (int c = 0; c < p.length; c++) {
            perClass.append(csv(names.get(c))).append(String.format(Locale.ROOT, ",%s,%s,%s,%d%n", p[c], r[c], f[c], support[c]));
        }
        StringBuilder cm = new StringBuilder("true\\predicted");
        for (String n : names) cm.append(',').append(csv(n));
        cm.append('\n');
        for (int i = 0; i < counts.length; i++) {
            cm.append(csv(names.get(i)));
            for (long v : counts[i]) cm.append(',').append(v);
            cm.append('\n');
        }
        // The run report's heat map, as a file of its own.
        String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + RunReport.heatMap(counts, names) + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("metrics.json"), json);
            Files.writeString(dir.resolve("per_class.csv"), perClass);
            Files.writeString(dir.resolve("confusion_matrix.csv"), cm);
            Files.writeString(dir.resolve("confusion_matrix.svg"), svg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
