package dev.reel.cli;

import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.datasets.Sample;
import dev.reel.video.datasets.VideoDataset;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.Resize;
import dev.reel.video.transforms.ToChannelsFirst;
import dev.reel.video.transforms.ToFloat;
import dev.reel.video.transforms.VideoTransform;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code --data} into train and validation sets: {@code synthetic} (the moving shapes), a
 * folder {@code root/<class>/<video>} (with {@code train/} and {@code val/} subfolders, or split
 * 80/20 by a fixed rule), a CSV list {@code path,label}, or {@code ucf101:VIDEOS:SPLITS[:FOLD]}.
 *
 * <pre>{@code
 * DataSources.Split s = DataSources.open("synthetic", geometry, cache, 42, log);
 * }</pre>
 */
final class DataSources {
    private DataSources() {}

    /** Clip geometry: frames per clip, temporal stride, square frame size, and synthetic-set sizes. */
    record Geometry(int frames, int stride, int size, int trainClips, int valClips, int classes) {}

    /** What training reads. */
    record Split(Dataset<Example> train, Dataset<Example> val, List<String> classNames, String description) {}

    static Split open(String data, Geometry g, Path cache, long seed, PrintWriter log) {
        if (data.equals("synthetic")) {
            SyntheticVideos.Config cfg = SyntheticData.config(g.classes(), g.frames(), g.size());
            SyntheticVideos v = new SyntheticVideos(cfg);
            // Validation clips come from a far-away index range: never seen in training.
            return new Split(SyntheticData.load(cache, cfg, 0, g.trainClips(), log),
                    SyntheticData.load(cache, cfg, SyntheticData.VAL_FIRST, g.valClips(), log), v.classNames(),
                    "synthetic moving shapes, " + g.classes() + " classes, " + g.frames() + "x" + g.size() + "x" + g.size());
        }
        VideoTransform t = fileTransform(g.size());
        ClipSampler trainSampler = ClipSampler.randomCrop(g.frames(), g.stride());
        ClipSampler valSampler = ClipSampler.centerCrop(g.frames(), g.stride());
        if (data.startsWith("ucf101:")) {
            String[] p = data.split(":");
            if (p.length < 3) throw new UserError("--data ucf101:VIDEOS:SPLITS[:FOLD] needs the video folder and the split folder, got '" + data + "'");
            int fold = p.length > 3 ? Integer.parseInt(p[3]) : 1;
            VideoDataset tr = VideoDataset.ucf101(Path.of(p[1]), Path.of(p[2]), fold, true, trainSampler, t, seed);
            VideoDataset va = VideoDataset.ucf101(Path.of(p[1]), Path.of(p[2]), fold, false, valSampler, t, seed);
            return split(tr, va, "UCF101 fold " + fold);
        }
        Path path = Path.of(data);
        if (!Files.exists(path)) {
            throw new UserError("--data " + data + ": no such file or folder; pass 'synthetic', a folder root/<class>/<video>, a CSV list or ucf101:VIDEOS:SPLITS");
        }
        if (Files.isRegularFile(path)) {
            if (!data.endsWith(".csv")) throw new UserError("--data " + data + ": a file must be a CSV list of path,label rows");
            VideoDataset all = VideoDataset.csv(path, path.toAbsolutePath().getParent(), trainSampler, t, seed);
            VideoDataset allVal = VideoDataset.csv(path, path.toAbsolutePath().getParent(), valSampler, t, seed);
            return holdOut(all, allVal, "CSV " + path);
        }
        if (Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve("val"))) {
            return split(VideoDataset.folder(path.resolve("train"), trainSampler, t, seed),
                    VideoDataset.folder(path.resolve("val"), valSampler, t, seed), "folder " + path);
        }
        return holdOut(VideoDataset.folder(path, trainSampler, t, seed), VideoDataset.folder(path, valSampler, t, seed), "folder " + path);
    }

    /** What the model sees of a clip read from a file: resized to size x size, F32 in [0, 1], channels first. */
    static VideoTransform fileTransform(int size) {
        return VideoTransform.compose(Resize.to(size, size), ToFloat.scaled(), ToChannelsFirst.INSTANCE);
    }

    private static Split split(VideoDataset train, VideoDataset val, String what) {
        checkClasses(train.classNames(), what);
        return new Split(examples(train, null), examples(val, null), train.classNames(), what);
    }

    /** Every fifth video (index 4, 9, ...) is held out for validation. */
    private static Split holdOut(VideoDataset train, VideoDataset val, String what) {
        checkClasses(train.classNames(), what);
        List<Integer> tr = new ArrayList<>(), va = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) (i % 5 == 4 ? va : tr).add(i);
        if (va.isEmpty()) throw new UserError(what + " has " + train.size() + " videos; need at least 5 to hold out a validation set");
        return new Split(examples(train, tr), examples(val, va), train.classNames(), what + " (every 5th video held out for validation)");
    }

    private static void checkClasses(List<String> names, String what) {
        if (names.size() < 2) {
            throw new UserError(what + " has " + names.size() + " class" + (names.size() == 1 ? " (" + names.get(0) + ")" : "es")
                    + "; a classifier needs at least 2 class folders");
        }
    }

    private static Dataset<Example> examples(VideoDataset d, List<Integer> subset) {
        Dataset<Sample> base = subset == null ? d : new Dataset<>() {
            public int size() { return subset.size(); }

            public Sample get(int i) { return d.get(subset.get(i)); }

            @Override
            public String sourceOf(int i) { return d.sourceOf(subset.get(i)); }

            @Override
            public void setEpoch(long e) { d.setEpoch(e); }
        };
        return base.map(s -> Example.of(s.input(), s.label()));
    }
}
