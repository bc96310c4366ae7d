package dev.reel.cli;

import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.VideoTransform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code reel predict}: the top-k classes of each video file with their probabilities. From each
 * video, {@code --clips} clips of the run's frames and stride are taken with their starts spread
 * evenly over the video, each goes through the run's own evaluation transform, and the softmax
 * outputs of the clips are averaged. A video shorter than one clip repeats its last frame to fill
 * the clip (as the clip samplers do), and says so. A file that cannot be read gets one line on
 * stderr; the others are still predicted and the exit code is 1.
 *
 * <pre>{@code
 * ./reel predict runs/cnn-lstm-1 clips/a.mp4 clips/b.avi
 * ./reel predict runs/cnn-lstm-1/checkpoints/best.safetensors clip.y4m --top-k 3 --clips 8 --json
 * }</pre>
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Classify video files with a trained model: top-k classes and probabilities per file.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "a checkpoint written by reel train, or its run folder (checkpoints/best, else last)")
    Path checkpoint;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VIDEO", description = "video files (any format reel reads) or image folders")
    List<Path> videos;

    @Option(names = "--top-k", description = "classes to print per video (default: 5, or all classes when fewer)")
    Integer topK;

    @Option(names = "--clips", description = "clips per video, averaged (default: ${DEFAULT-VALUE})")
    int clips = 4;

    @Option(names = "--json", description = "print one JSON array instead of text")
    boolean json;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    /** The averaged class probabilities of one video and how they were obtained. */
    record Prediction(Path file, int frames, int clips, int clipSpan, double[] probabilities) {
        /** True when the video was shorter than one clip (its last frame was repeated). */
        boolean padded() { return frames < clipSpan; }

        /** Class indices by falling probability (ties: lower index first). */
        int[] ranking() {
            return IntStream.range(0, probabilities.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (topK != null && topK < 1) throw new UserError("--top-k must be >= 1, got " + topK);
        if (clips < 1) throw new UserError("--clips must be >= 1, got " + clips);
        if (threads != null && threads < 1) throw new UserError("--threads must be >= 1, got " + threads);
        if (threads != null) Reel.setNumThreads(threads);
        RunConfig run = RunConfig.load(checkpoint);
        if (topK == null) topK = Math.min(5, run.numClasses());
        if (topK > run.numClasses()) {
            throw new UserError("--top-k " + topK + ": the model has " + run.numClasses() + " classes; choose 1.." + run.numClasses());
        }
        Layer model = run.loadModel();
        List<String> jsonItems = new ArrayList<>();
        int failed = 0;
        for (Path v : videos) {
            Prediction p;
            try {
                p = predict(model, run, v, clips);
            } catch (RuntimeException e) {
                failed++;
                String msg = Main.describe(e);
                err.println("reel predict: " + (msg.contains(v.toString()) ? msg : v + ": " + msg));
                if (verbose()) e.printStackTrace(err);
                err.flush();
                if (json) jsonItems.add("  {\"file\": " + Json.str(v.toString()) + ", \"error\": " + Json.str(msg) + "}");
                continue;
            }
            if (json) jsonItems.add(json(p, run.classNames()));
            else print(out, p, run.classNames());
            out.flush();
        }
        if (json) out.println("[\n" + String.join(",\n", jsonItems) + "\n]");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Opens {@code file}, samples {@code clips} clips evenly and averages the model's softmax over them. */
    static Prediction predict(Layer model, RunConfig run, Path file, int clips) {
        try (VideoReader r = Video.open(file)) {
            int n = r.frameCount();
            if (n < 1) throw new UserError(file + ": the video has no frames");
            // multiClip is deterministic: the generator is never drawn from, nor by the eval transform.
            Generator g = new Generator(0);
            int[][] windows = ClipSampler.multiClip(clips, run.frames(), run.stride()).sample(n, g);
            VideoTransform t = run.evalTransform();
            List<Tensor> xs = new ArrayList<>(windows.length);
            for (int[] w : windows) xs.add(t.apply(r.read(w), g));
            double[] mean = averageSoftmax(model, Tensor.stack(xs, 0));
            return new Prediction(file, n, windows.length, (run.frames() - 1) * run.stride() + 1, mean);
        }
    }

    /** softmax(model(x)) for a batch of clips [K, 3, T, H, W], averaged over the K clips. */
    static double[] averageSoftmax(Layer model, Tensor x) {
        float[] p;
        int k = x.size(0), c;
        try (var off = Grad.off()) {
            Tensor probs = model.call(x).softmax(1);
            c = probs.size(1);
            p = probs.contiguous().toFloatArray();
        }
        double[] mean = new double[c];
        for (int i = 0; i < k; i++) for (int j = 0; j < c; j++) mean[j] += p[i * c + j];
        for (int j = 0; j < c; j++) mean[j] /= k;
        return mean;
    }

    private void print(PrintWriter out, Prediction p, List<String> names) {
        out.printf(Locale.ROOT, "%s  (%d frames, %d clip%s of %d frames%s)%n", p.file(), p.frames(), p.clips(), p.clips() == 1 ? "" : "s",
                p.clipSpan(), p.padded() ? "; shorter than one clip: last frame repeated" : "");
        int w = names.stream().mapToInt(String::length).max().orElse(1);
        int[] rank = p.ranking();
        for (int i = 0; i < topK; i++) {
            out.printf(Locale.ROOT, "  %d. %-" + w + "s  %.4f%n", i + 1, names.get(rank[i]), p.probabilities()[rank[i]]);
        }
    }

    private String json(Prediction p, List<String> names) {
        StringBuilder sb = new StringBuilder("  {\"file\": ").append(Json.str(p.file().toString())).append(", \"frames\": ").append(p.frames())
                .append(", \"clips\": ").append(p.clips()).append(", \"padded\": ").append(p.padded()).append(", \"top\": [");
        int[] rank = p.ranking();
        for (int i = 0; i < topK; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"class\": ").append(Json.str(names.get(rank[i]))).append(", \"label\": ").append(rank[i])
                    .append(", \"probability\": ").append(Json.num(p.probabilities()[rank[i]])).append('}');
        }
        return sb.append("], \"probabilities\": [")
                .append(String.join(", ", Arrays.stream(p.probabilities()).mapToObj(Json::num).toList())).append("]}").toString();
    }

    private boolean verbose() {
        return spec.parent() != null && spec.parent().userObject() instanceof ReelCommand r && r.verbose;
    }
}
