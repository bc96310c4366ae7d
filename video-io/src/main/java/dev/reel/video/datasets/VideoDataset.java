package dev.reel.video.datasets;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.data.Dataset;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.VideoTransform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labelled videos, decoded on demand: {@code get(i)} opens video {@code i}, asks the sampler for
 * frame indices, reads them into one U8 tensor [T, H, W, 3] and applies the transform. With a
 * sampler giving several clips (multi-clip evaluation) the input is [K, ...], one transformed
 * clip per row.
 *
 * <p>Randomness is the Philox generator seeded from (seed, epoch, index), so a sample is the same
 * whichever worker thread reads it; {@link #setEpoch} changes the augmentation each epoch.
 *
 * <pre>{@code
 * VideoDataset train = VideoDataset.folder(Path.of("data/train"), ClipSampler.randomCrop(16, 2),
 *         VideoTransform.compose(RandomCrop.of(56, 56), ToFloat.scaled(), ToChannelsFirst.INSTANCE), 42);
 * train.classNames();     // sorted class folder names
 * Sample s = train.get(3);
 * }</pre>
 */
public final class VideoDataset implements Dataset<Sample> {
    private final List<VideoEntry> entries;
    private final List<String> classNames;
    private final ClipSampler sampler;
    private final VideoTransform transform;
    private final long seed;
    private final Video.Options options;
    private volatile long epoch;

    public VideoDataset(List<VideoEntry> entries, List<String> classNames, ClipSampler sampler, VideoTransform transform,
                        long seed, Video.Options options) {
        this.entries = List.copyOf(entries);
        this.classNames = List.copyOf(classNames);
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = transform == null ? VideoTransform.identity() : transform;
        this.seed = seed;
        this.options = Objects.requireNonNull(options, "options");
        for (VideoEntry e : this.entries) {
            if (e.label() >= this.classNames.size()) {
                throw new IllegalArgumentException("VideoDataset: " + e.path() + " has label " + e.label() + " but there are " + this.classNames.size() + " classes");
            }
        }
    }

    /** Videos under {@code root/<class>/}: see {@link VideoFolders#scan}. */
    public static VideoDataset folder(Path root, ClipSampler sampler, VideoTransform transform, long seed) {
        VideoFolders.Listing l = VideoFolders.scan(root);
        return new VideoDataset(l.entries(), l.classNames(), sampler, transform, seed, Video.Options.DEFAULT);
    }

    /** A UCF101 split: see {@link Ucf101Splits#read}. */
    public static VideoDataset ucf101(Path videoRoot, Path splitDir, int fold, boolean train, ClipSampler sampler,
                                      VideoTransform transform, long seed) {
        VideoFolders.Listing l = Ucf101Splits.read(videoRoot, splitDir, fold, train);
        return new VideoDataset(l.entries(), l.classNames(), sampler, transform, seed, Video.Options.DEFAULT);
    }

    /** Rows {@code path,label[,start,end]} of a CSV file: see {@link CsvVideoList#read}. */
    public static VideoDataset csv(Path csv, Path videoRoot, ClipSampler sampler, VideoTransform transform, long seed) {
        VideoFolders.Listing l = CsvVideoList.read(csv, videoRoot);
        return new VideoDataset(l.entries(), l.classNames(), sampler, transform, seed, Video.Options.DEFAULT);
    }

    public List<String> classNames() { return classNames; }

    public List<VideoEntry> entries() { return entries; }

    /** Sets the epoch mixed into every sample's seed. */
    @Override
    public void setEpoch(long epoch) { this.epoch = epoch; }

    @Override
    public String sourceOf(int index) { return entries.get(index).path().toString(); }

    @Override
    public int size() { return entries.size(); }

    @Override
    public Sample get(int index) {
        Objects.checkIndex(index, entries.size());
        VideoEntry e = entries.get(index);
        Generator g = new Generator(mix(seed, epoch, index));
        try (VideoReader r = Video.open(e.path(), options)) {
            int first = 0, count = r.frameCount();
            if (e.hasSegment()) {
                double fps = r.info().fps().toDouble();
                first = (int) Math.min(count, Math.ceil(e.startSeconds() * fps - 1e-9));
                int end = e.endSeconds() < 0 ? count : (int) Math.min(count, Math.ceil(e.endSeconds() * fps - 1e-9));
                if (end <= first) {
                    throw new IllegalArgumentException("VideoDataset: segment [" + e.startSeconds() + ", " + e.endSeconds() + ") s of "
                            + e.path() + " holds no frame (the video has " + count + " frames at " + fps + " fps)");
                }
                count = end - first;
            }
            int[][] clips = sampler.sample(count, g);
            List<Tensor> out = new ArrayList<>(clips.length);
            for (int[] clip : clips) {
                int[] idx = clip.clone();
                for (int k = 0; k < idx.length; k++) idx[k] += first;
                out.add(transform.apply(r.read(idx), g));
            }
            Tensor input = out.size() == 1 ? out.get(0) : Tensor.stack(out, 0);
            return new Sample(input, e.label(), e.path());
        }
    }

    private static long mix(long seed, long epoch, long index) {
        long z = seed ^ 0x9E3779B97F4A7C15L * (epoch + 1) ^ 0xBF58476D1CE4E5B9L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
