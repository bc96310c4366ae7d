package dev.reel.cli;

import dev.reel.engine.Tensor;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.metrics.Average;
import dev.reel.nn.train.EpochStats;
import dev.reel.nn.train.Evaluation;
import dev.reel.nn.train.Trainer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code report.html} of a run: one self-contained page (no scripts, no external files)
 * with SVG charts of loss and accuracy per epoch (train vs validation), learning rate and
 * throughput, the confusion matrix as a heat map, per-class precision/recall/F1, and a strip of
 * validation clips (frames as inline PNG) with predicted and true labels.
 *
 * <pre>{@code
 * Path html = RunReport.write(run, config, trainer.history(), trainer.evaluate(val), classNames, valSet, trainer, seconds);
 * }</pre>
 */
public final class RunReport {
    private static final String TRAIN = "#1f77b4", VAL = "#ff7f0e";

    private RunReport() {}

    public static Path write(Path run, Map<String, String> config, List<EpochStats> history, Evaluation eval, List<String> classes,
                             Dataset<Example> samples, Trainer trainer, double seconds) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reel run ").append(esc(run.getFileName().toString()))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}"
                        + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;font-size:13px}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
                        + ".charts{display:flex;flex-wrap:wrap;gap:16px}.clip{display:inline-block;margin:6px;text-align:center;font-size:12px}"
                        + ".ok{color:#2a7d2a}.bad{color:#c0392b}</style></head><body>");
        h.append("<h1>Reel run <code>").append(esc(run.toString())).append("</code></h1>");
        h.append(String.format(Locale.ROOT, "<p><b>%s</b> on %s — validation accuracy <b>%.2f%%</b> (top-%d %.2f%%), %d epochs in %.0f s</p>",
                esc(config.getOrDefault("model", "?")), esc(config.getOrDefault("data", "?")), 100 * eval.accuracy(),
                eval.topK() == null ? 1 : eval.topK().topK(), eval.topK() == null ? Double.NaN : 100 * eval.topK().accuracy(Average.MICRO),
                history.size(), seconds));

        h.append("<h2>Training curves</h2><div class=\"charts\">");
        h.append(chart("Loss per epoch", history, List.of(new Series("train", TRAIN, EpochStats::trainLoss), new Series("val", VAL, EpochStats::valLoss)), false));
        h.append(chart("Accuracy per epoch", history, List.of(new Series("train", TRAIN, EpochStats::trainAccuracy), new Series("val", VAL, EpochStats::valAccuracy)), true));
        h.append(chart("Learning rate", history, List.of(new Series("lr", TRAIN, EpochStats::lr)), false));
        h.append(chart("Throughput (train clips/s)", history, List.of(new Series("clips/s", TRAIN, EpochStats::samplesPerSecond)), false));
        h.append("</div>");

        if (eval.confusion() != null) {
            h.append("<h2>Confusion matrix (validation)</h2>").append(heatMap(eval.confusion().counts(), classes));
            h.append("<h2>Per-class scores (validation)</h2><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
            double[] p = eval.scores().perClassPrecision(), r = eval.scores().perClassRecall(), f = eval.scores().perClassF1();
            long[] s = eval.scores().support();
            for (int c = 0; c < p.length; c++) {
                h.append(String.format(Locale.ROOT, "<tr><td style=\"text-align:left\">%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td></tr>",
                        esc(name(classes, c)), p[c], r[c], f[c], s[c]));
            }
            h.append(String.format(Locale.ROOT, "<tr><th style=\"text-align:left\">macro</th><th>%.3f</th><th>%.3f</th><th>%.3f</th><th>%d</th></tr></table>",
                    eval.scores().precision(Average.MACRO), eval.scores().recall(Average.MACRO), eval.scores().f1(Average.MACRO), eval.samples()));
            h.append("<h2>Sample validation clips</h2><div>").append(strip(samples, trainer, classes)).append("</div>");
        }

        h.append("<h2>Configuration</h2><table>");
        config.forEach((k, v) -> h.append("<tr><th style=\"text-align:left\">").append(esc(k)).append("</th><td style=\"text-align:left\">")
                .append(esc(v)).append("</td></tr>"));
        InfoCommand.facts().forEach((k, v) -> h.append("<tr><th style=\"text-align:left\">").append(esc(k)).append("</th><td style=\"text-align:left\">")
                .append(esc(v)).append("</td></tr>"));
        h.append("</table>");
        h.append("<h2>Epochs</h2><table><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th><th>val acc</th><th>lr</th><th>clips/s</th><th>s</th></tr>");
        for (EpochStats e : history) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.2e</td><td>%.1f</td><td>%.1f</td></tr>",
                    e.epoch() + 1, e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), e.lr(), e.samplesPerSecond(), e.seconds()));
        }
        h.append("</table></body></html>\n");
        Path file = run.resolve("report.html");
        try {
            Files.createDirectories(run);
            Path tmp = Files.createTempFile(run, "report", ".tmp");
            Files.writeString(tmp, h);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private record Series(String name, String color, ToDoubleFunction<EpochStats> value) {}

    /**
     * A line chart over epochs: a legend row under the title, five labelled grid lines, one
     * polyline with dots per series. The value axis spans the data with 5 % margins so that no
     * point sits on the frame, or exactly 0..1 for {@code unitRange} (accuracies).
     */
    static String chart(String title, List<EpochStats> history, List<Series> series, boolean unitRange) {
        int w = 500, hgt = 270, left = 60, right = 20, top = 50, bottom = 40;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) for (EpochStats e : history) {
            double v = s.value.applyAsDouble(e);
            if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (unitRange) {
            lo = 0;
            hi = 1;
        } else {
            if (!Double.isFinite(lo)) { lo = 0; hi = 1; }
            if (hi - lo < 1e-12) { hi = lo + Math.max(1e-6, Math.abs(lo) * 0.1); }
            double margin = 0.05 * (hi - lo);
            lo = lo >= 0 ? Math.max(0, lo - margin) : lo - margin;   // a positive quantity keeps a non-negative axis
            hi += margin;
        }
        int n = Math.max(1, history.size());
        int plotW = w - left - right, plotH = hgt - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
                .append("\" style=\"background:#fff;border:1px solid #ddd\">");
        sb.append("<text x=\"").append(w / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">").append(esc(title)).append("</text>");
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            int y = hgt - bottom - (int) Math.round(plotH * k / 4.0);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", left, y, w - right, y,
                    k == 0 ? "#888" : "#eee"));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", left - 4, y + 4, fmt(v)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, top, left, hgt - bottom));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">epoch</text>", left + plotW / 2, hgt - 8));
        int labelEvery = Math.max(1, (int) Math.ceil(history.size() / 20.0));   // at most ~20 epoch labels
        for (int i = 0; i < history.size(); i++) {
            if (i % labelEvery != 0 && i != history.size() - 1) continue;
            double x = left + (n == 1 ? 0.5 : (double) i / (n - 1)) * plotW;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>", x, hgt - bottom + 14, i + 1));
        }
        int legendX = left;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < history.size(); i++) {
                double v = s.value.applyAsDouble(history.get(i));
                if (!Double.isFinite(v)) continue;
                double x = left + (n == 1 ? 0.5 : (double) i / (n - 1)) * plotW;
                double y = hgt - bottom - (v - lo) / (hi - lo) * plotH;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y, s.color));
            }
            sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color).append("\" points=\"").append(pts).append("\"/>");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"31\" width=\"14\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"36\" font-size=\"11\">%s</text>",
                    legendX, s.color, legendX + 18, esc(s.name)));
            legendX += 30 + 7 * s.name.length();
        }
        return sb.append("</svg>").toString();
    }

    /** Rows = true class, columns = predicted; cell shade by the row-normalised count. */
    static String heatMap(long[][] counts, List<String> classes) {
        int c = counts.length, cell = Math.max(28, Math.min(48, 480 / c)), left = 110, top = 110;
        int w = left + c * cell + 10, hgt = top + c * cell + 10;
        StringBuilder sb = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt + "\">");
        sb.append("<text x=\"4\" y=\"14\" font-size=\"11\">rows: true, columns: predicted</text>");
        for (int i = 0; i < c; i++) {
            long row = 0;
            for (long v : counts[i]) row += v;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", left - 4, top + i * cell + cell / 2 + 4, esc(name(classes, i))));
            sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-55)\" font-size=\"11\">%s</text>", left + i * cell + cell / 2, top - 4, esc(name(classes, i))));
            for (int j = 0; j < c; j++) {
                double f = row == 0 ? 0 : (double) counts[i][j] / row;
                int shade = (int) Math.round(255 - 200 * f);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\" stroke=\"#fff\"/>",
                        left + j * cell, top + i * cell, cell, cell, shade, shade));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\">%d</text>",
                        left + j * cell + cell / 2, top + i * cell + cell / 2 + 4, f > 0.6 ? "#fff" : "#222", counts[i][j]));
            }
        }
        return sb.append("</svg>").toString();
    }

    /**
     * Up to 8 validation clips, as many classes as possible: 4 frames each as one PNG, with the
     * predicted and the true class. Candidates are up to 32 clips spread evenly over the set; evenly
     * spaced picks alone can hit one class only (the synthetic set cycles through its classes).
     */
    private static String strip(Dataset<Example> samples, Trainer trainer, List<String> classes) {
        List<Example> picked = pickClips(samples, 8);
        int n = picked.size();
        if (n == 0) return "";
        List<Tensor> xs = new ArrayList<>();
        long[] truth = new long[n];
        for (int i = 0; i < n; i++) {
            xs.add(picked.get(i).input());
            truth[i] = picked.get(i).target().itemLong();
        }
        Tensor probs = trainer.predict(Tensor.stack(xs, 0));
        long[] pred = probs.argmax(1, false).toLongArray();
        float[] p = probs.toFloatArray();
        int classesN = probs.size(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean ok = pred[i] == truth[i];
            sb.append("<div class=\"clip\"><img alt=\"clip ").append(i).append("\" src=\"data:image/png;base64,").append(png(xs.get(i)))
                    .append("\"><br><span class=\"").append(ok ? "ok" : "bad").append("\">pred ").append(esc(name(classes, (int) pred[i])))
                    .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * p[i * classesN + (int) pred[i]])).append("</span><br>true ")
                    .append(esc(name(classes, (int) truth[i]))).append("</div>");
        }
        return sb.toString();
    }

    /** Up to {@code n} clips: first one of each class in turn among the candidates, then the remaining candidates in order. */
    static List<Example> pickClips(Dataset<Example> samples, int n) {
        int candidates = Math.min(samples.size(), 4 * n);
        List<Example> pool = new ArrayList<>();
        for (int k = 0; k < candidates; k++) pool.add(samples.get((int) ((long) k * samples.size() / candidates)));
        List<Example> picked = new ArrayList<>();
        boolean[] taken = new boolean[pool.size()];
        Set<Long> shown = new HashSet<>();
        for (int k = 0; k < pool.size() && picked.size() < n; k++) {
            if (shown.add(pool.get(k).target().itemLong())) {
                picked.add(pool.get(k));
                taken[k] = true;
            }
        }
        for (int k = 0; k < pool.size() && picked.size() < n; k++) {
            if (!taken[k]) picked.add(pool.get(k));
        }
        return picked;
    }

    /**
     * Frames 0, T/3, 2T/3 and T-1 of a [3, T, H, W] clip side by side, scaled to 0..255 by the
     * clip's range and enlarged (whole pixels) to at least 64 pixels high.
     */
    static String png(Tensor clip) {
        int t = clip.size(1), hh = clip.size(2), ww = clip.size(3), scale = Math.max(1, (64 + hh - 1) / hh);
        float[] v = clip.contiguous().toFloatArray();
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        float range = Math.max(hi - lo, 1e-6f);
        int[] frames = {0, t / 3, 2 * t / 3, t - 1};
        BufferedImage img = new BufferedImage(frames.length * (ww * scale + 2), hh * scale, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < frames.length; k++) {
            for (int y = 0; y < hh * scale; y++) {
                for (int x = 0; x < ww * scale; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        float f = (v[((ch * t + frames[k]) * hh + y / scale) * ww + x / scale] - lo) / range;
                        rgb = (rgb << 8) | Math.round(255 * f);
                    }
                    img.setRGB(k * (ww * scale + 2) + x, y, rgb);
                }
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bytes);
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
        }
    }

    private static String fmt(double v) { return Math.abs(v) < 1e-2 && v != 0 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3g", v); }

    private static String name(List<String> classes, int i) { return i < classes.size() ? classes.get(i) : Integer.toString(i); }

    static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"); }
}
