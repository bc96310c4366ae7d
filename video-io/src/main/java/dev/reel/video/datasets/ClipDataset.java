package dev.reel.video.datasets;

import dev.reel.engine.Generator;
import dev.reel.nn.data.Dataset;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import dev.reel.video.sampling.ClipIndex;
import dev.reel.video.transforms.VideoTransform;

import java.util.List;
import java.util.Objects;

/**
 * Every clip of a {@link ClipIndex} as one sample, labelled by its video's label: the
 * "all windows" view of a video dataset that evaluation and dense training use.
 *
 * <pre>{@code
 * VideoFolders.Listing l = VideoFolders.scan(root);
 * ClipIndex idx = ClipIndex.build(l.entries().stream().map(VideoEntry::path).toList(), 16, 1, 16, cache, Video.Options.DEFAULT);
 * ClipDataset d = new ClipDataset(idx, l.entries().stream().mapToInt(VideoEntry::label).toArray(), transform, 0);
 * }</pre>
 */
public final class ClipDataset implements Dataset<Sample> {
    private final ClipIndex index;
    private final int[] labels;
    private final VideoTransform transform;
    private final long seed;
    private final Video.Options options;

    public ClipDataset(ClipIndex index, int[] labels, VideoTransform transform, long seed) {
        this(index, labels, transform, seed, Video.Options.DEFAULT);
    }

    public ClipDataset(ClipIndex index, int[] labels, VideoTransform transform, long seed, Video.Options options) {
        this.index = Objects.requireNonNull(index, "index");
        if (labels.length != index.videos().size()) {
            throw new IllegalArgumentException("ClipDataset: " + labels.length + " labels for " + index.videos().size() + " videos");
        }
        this.labels = labels.clone();
        this.transform = transform == null ? VideoTransform.identity() : transform;
        this.seed = seed;
        this.options = options;
    }

    @Override
    public int size() { return index.size(); }

    @Override
    public Sample get(int i) {
        ClipIndex.Clip c = index.get(i);
        var path = index.videos().get(c.video());
        try (VideoReader r = Video.open(path, options)) {
            Generator g = new Generator(seed ^ (i + 1L) * 0x9E3779B97F4A7C15L);
            return new Sample(transform.apply(r.read(c.frames()), g), labels[c.video()], path);
        }
    }

    @Override
    public String sourceOf(int i) { return index.videos().get(index.get(i).video()).toString(); }

    public List<java.nio.file.Path> videos() { return index.videos(); }
}
