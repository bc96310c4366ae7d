package dev.reel.video.datasets;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.data.Dataset;
import dev.reel.video.internal.ImageSequenceSource;
import dev.reel.video.transforms.VideoTransform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Images under {@code root/<class>/<image>} (PNG, JPEG, BMP), as torchvision's
 * {@code ImageFolder}: {@code get(i)} decodes image {@code i} to a U8 tensor [H, W, 3] and applies
 * the transform (all clip transforms accept single images).
 *
 * <pre>{@code
 * ImageFolderDataset d = new ImageFolderDataset(root,
 *         VideoTransform.compose(Resize.shortSide(256), CenterCrop.of(224, 224), ToFloat.scaled(), ToChannelsFirst.INSTANCE), 0);
 * Sample s = d.get(0);   // F32 [3, 224, 224]
 * }</pre>
 */
public final class ImageFolderDataset implements Dataset<Sample> {
    private final List<Path> images = new ArrayList<>();
    private final int[] labels;
    private final List<String> classNames = new ArrayList<>();
    private final VideoTransform transform;
    private final long seed;
    private volatile long epoch;

    public ImageFolderDataset(Path root, VideoTransform transform, long seed) {
        this.transform = transform == null ? VideoTransform.identity() : transform;
        this.seed = seed;
        List<Path> classes = VideoFolders.sorted(root, java.nio.file.Files::isDirectory);
        if (classes.isEmpty()) throw new IllegalArgumentException("ImageFolderDataset: " + root + " has no class folders (expected root/<class>/<image>)");
        List<Integer> ls = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = classes.get(label);
            classNames.add(dir.getFileName().toString());
            List<Path> files = ImageSequenceSource.list(dir);
            if (files.isEmpty()) throw new IllegalArgumentException("ImageFolderDataset: class folder " + dir + " has no PNG, JPEG or BMP images");
            for (Path f : files) { images.add(f); ls.add(label); }
        }
        labels = ls.stream().mapToInt(Integer::intValue).toArray();
    }

    public List<String> classNames() { return List.copyOf(classNames); }

    public void setEpoch(long epoch) { this.epoch = epoch; }

    @Override
    public int size() { return images.size(); }

    @Override
    public Sample get(int index) {
        Objects.checkIndex(index, images.size());
        Path p = images.get(index);
        int[] wh = ImageSequenceSource.imageSize(p);
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(wh[0], wh[1]), 3)];
        ImageSequenceSource.readImage(p, wh[0], wh[1], rgb, 0);
        Generator g = new Generator(seed ^ (epoch + 1) * 0x9E3779B97F4A7C15L ^ (index + 1L) * 0xBF58476D1CE4E5B9L);
        return new Sample(transform.apply(Tensor.wrap(rgb, wh[1], wh[0], 3), g), labels[index], p);
    }
}
