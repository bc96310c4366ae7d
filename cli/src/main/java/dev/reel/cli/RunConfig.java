package dev.reel.cli;

import dev.reel.cli.models.Models;
import dev.reel.nn.Layer;
import dev.reel.nn.StateDictException;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.train.Checkpoint;
import dev.reel.video.datasets.VideoDataset;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.Resize;
import dev.reel.video.transforms.VideoTransform;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A training run read back from one of its checkpoints: the model name, the classes, the clip
 * geometry and the data it was trained on, and what can be rebuilt from them — the model with the
 * checkpoint's weights, the exact clip transform the model was fed, and the validation set.
 * {@code reel eval} and {@code reel predict} start here.
 *
 * <pre>{@code
 * RunConfig run = RunConfig.load(Path.of("runs/cnn-lstm-1"));    // checkpoints/best, else last
 * Layer model = run.loadModel();                                  // strict: every weight must fit
 * Tensor x = run.evalTransform().apply(reader.read(indices), null); // [3, T, H, W]
 * }</pre>
 *
 * @param checkpoint the checkpoint file read
 * @param model      the model name ({@link Models#NAMES})
 * @param data       the run's {@code --data}
 * @param classNames class names, indexed by label
 * @param frames     frames per clip
 * @param stride     temporal stride between frames
 * @param size       frame height and width
 * @param config     every entry of the saved configuration
 * @param weights    the model's state dict in the checkpoint
 */
public record RunConfig(Path checkpoint, String model, String data, List<String> classNames, int frames, int stride, int size,
                        Map<String, String> config, Map<String, dev.reel.engine.Tensor> weights) {

    /**
     * Reads a checkpoint written by {@code reel train}, or the best (else the last) checkpoint of a
     * run folder. Every problem is a {@link UserError} naming the file.
     */
    public static RunConfig load(Path checkpointOrRun) {
        Path file = resolve(checkpointOrRun);
        Checkpoint c;
        try {
            c = Checkpoint.read(file);
        } catch (RuntimeException e) {
            // Checkpoint and safetensors errors already name the file and the problem.
            throw new UserError(Main.describe(e) + " (pass a checkpoint written by reel train)", e);
        }
        Map<String, String> cfg = c.config();
        String model = required(file, cfg, "model");
        int classes = positive(file, cfg, "classes");
        List<String> names = cfg.containsKey("class_names") && !cfg.get("class_names").isEmpty()
                ? List.of(cfg.get("class_names").split(",", -1)) : numbered(classes);
        if (names.size() != classes) {
            throw new UserError(file + ": its config names " + names.size() + " classes but says classes=" + classes + "; the checkpoint is damaged");
        }
        return new RunConfig(file, model, required(file, cfg, "data"), names, positive(file, cfg, "frames"), positive(file, cfg, "stride"),
                positive(file, cfg, "size"), Map.copyOf(cfg), c.modelState());
    }

    /** The file itself, or a run folder's (or its checkpoints folder's) best checkpoint, else its last. */
    static Path resolve(Path p) {
        if (Files.isRegularFile(p)) return p;
        if (!Files.isDirectory(p)) {
            throw new UserError(p + ": no such file or folder; pass a checkpoint (runs/NAME/checkpoints/best.safetensors) or a run folder");
        }
        for (Path dir : List.of(p.resolve("checkpoints"), p)) {
            for (String name : List.of("best.safetensors", "last.safetensors")) {
                if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
            }
        }
        throw new UserError(p + " is a folder without checkpoints/best.safetensors or checkpoints/last.safetensors; pass a run folder written by reel train");
    }

    /** Number of classes. */
    public int numClasses() { return classNames.size(); }

    /** True when the run trained on the built-in moving shapes. */
    public boolean synthetic() { return data.equals("synthetic"); }

    /** The model named in the config with the checkpoint's weights (loaded strictly), in eval mode. */
    public Layer loadModel() {
        if (!Models.NAMES.contains(model)) {
            throw new UserError(checkpoint + " holds a '" + model + "' model, which this reel does not know (it knows " + String.join(", ", Models.NAMES) + ")");
        }
        Layer net;
        try {
            net = Models.create(model, numClasses(), size, size);
        } catch (IllegalArgumentException e) {
            throw new UserError(checkpoint + ": cannot build its " + model + " model: " + e.getMessage(), e);
        }
        try {
            net.loadStateDict(weights);
        } catch (StateDictException e) {
            throw new UserError(checkpoint + ": its weights do not fit the " + model + " model its config names (" + summary(e)
                    + "); was it written by another model or another version?", e);
        }
        net.eval();
        return net;
    }

    /**
     * The transform that made the model's training inputs, applied to a U8 clip [T, H, W, 3]:
     * resize to the run's size, then the synthetic data's [-1, 1] scaling or the file data's [0, 1]
     * scaling, channels first. Deterministic (the generator may be null).
     */
    public VideoTransform evalTransform() {
        VideoTransform resize = Resize.to(size, size);
        return synthetic() ? VideoTransform.compose(resize, SyntheticData.TO_INPUT) : DataSources.fileTransform(size);
    }

    /** The run's own validation set, as training saw it. */
    public Dataset<Example> validation(Path cache, PrintWriter log) {
        if (synthetic()) {
            int valClips = positive(checkpoint, config, "val_clips");
            return SyntheticData.load(cache, SyntheticData.config(syntheticClasses(), frames, size), SyntheticData.VAL_FIRST, valClips, log);
        }
        var g = new DataSources.Geometry(frames, stride, size, 0, 0, numClasses());
        DataSources.Split split = DataSources.open(data, g, cache, seed(), log);
        return relabel(split.val(), split.classNames(), "the run's data " + data);
    }

    /**
     * Clips of {@code data} for evaluation, labelled with this run's class indices: {@code synthetic}
     * (the run's validation clips), a folder {@code root/<class>/<video>} (its {@code val/} part if it
     * has {@code train/} and {@code val/}, else every video), a CSV list, or a UCF101 test split.
     * One centre clip per video, through {@link #evalTransform()}.
     */
    public Dataset<Example> evaluationData(String source, Path cache, PrintWriter log) {
        if (source.equals("synthetic")) {
            if (!synthetic()) throw new UserError("--data synthetic: this run was trained on " + data + ", not on the synthetic shapes");
            return validation(cache, log);
        }
        ClipSampler sampler = ClipSampler.centerCrop(frames, stride);
        VideoTransform t = evalTransform();
        VideoDataset d;
        if (source.startsWith("ucf101:")) {
            String[] p = source.split(":");
            if (p.length < 3) throw new UserError("--data ucf101:VIDEOS:SPLITS[:FOLD] needs the video folder and the split folder, got '" + source + "'");
            d = VideoDataset.ucf101(Path.of(p[1]), Path.of(p[2]), p.length > 3 ? parseFold(p[3]) : 1, false, sampler, t, seed());
        } else {
            Path path = Path.of(source);
            if (!Files.exists(path)) throw new UserError("--data " + source + ": no such file or folder; pass 'synthetic', a folder root/<class>/<video>, a CSV list or ucf101:VIDEOS:SPLITS");
            if (Files.isRegularFile(path)) {
                if (!source.endsWith(".csv")) throw new UserError("--data " + source + ": a file must be a CSV list of path,label rows");
                d = VideoDataset.csv(path, path.toAbsolutePath().getParent(), sampler, t, seed());
            } else {
                Path root = Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve("val")) ? path.resolve("val") : path;
                d = VideoDataset.folder(root, sampler, t, seed());
            }
        }
        return relabel(d.map(s -> Example.of(s.input(), s.label())), d.classNames(), "--data " + source);
    }

    /** Maps a dataset's labels (indices into {@code names}) to this run's labels, by class name. */
    private Dataset<Example> relabel(Dataset<Example> d, List<String> names, String what) {
        if (names.equals(classNames)) return d;
        int[] map = new int[names.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = classNames.indexOf(names.get(i));
            if (map[i] < 0) {
                throw new UserError(what + ": class '" + names.get(i) + "' is not one of the model's classes (" + String.join(", ", classNames) + ")");
            }
        }
        return d.map(e -> Example.of(e.input(), map[(int) e.target().itemLong()]));
    }

    private int syntheticClasses() {
        return config.containsKey("synthetic_classes") ? positive(checkpoint, config, "synthetic_classes") : numClasses();
    }

    private long seed() {
        try {
            return Long.parseLong(config.getOrDefault("seed", "42"));
        } catch (NumberFormatException e) {
            throw new UserError(checkpoint + ": config entry seed='" + config.get("seed") + "' is not an integer; the checkpoint is damaged");
        }
    }

    private static int parseFold(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UserError("--data ucf101:...:FOLD: the fold must be 1, 2 or 3, got '" + s + "'");
        }
    }

    private static String summary(StateDictException e) {
        StringBuilder sb = new StringBuilder();
        if (!e.missingKeys().isEmpty()) sb.append(e.missingKeys().size()).append(" missing, e.g. ").append(e.missingKeys().get(0));
        if (!e.unexpectedKeys().isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(e.unexpectedKeys().size()).append(" unexpected, e.g. ").append(e.unexpectedKeys().get(0));
        }
        if (!e.shapeMismatches().isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(e.shapeMismatches().size()).append(" of another shape, e.g. ").append(e.shapeMismatches().get(0));
        }
        return sb.toString();
    }

    private static String required(Path file, Map<String, String> cfg, String key) {
        String v = cfg.get(key);
        if (v == null || v.isBlank()) {
            throw new UserError(file + " has no '" + key + "' in its config; pass a checkpoint written by reel train");
        }
        return v;
    }

    private static int positive(Path file, Map<String, String> cfg, String key) {
        String v = required(file, cfg, key);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(file + ": config entry " + key + "='" + v + "' is not a positive integer; the checkpoint is damaged");
    }

    private static List<String> numbered(int classes) {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
