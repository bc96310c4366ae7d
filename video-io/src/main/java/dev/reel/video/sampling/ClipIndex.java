package dev.reel.video.sampling;

import dev.reel.video.Rational;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every clip of every video, numbered (as torchvision's {@code VideoClips}): windows of
 * {@code length} frames {@code stride} apart, starting every {@code step} frames, built from each
 * video's frame count alone. Counting frames needs each file opened once; a cache file keeps the
 * counts, keyed by path, size and modification time, so later runs open nothing.
 *
 * <pre>{@code
 * ClipIndex idx = ClipIndex.build(videos, 16, 2, 8, Path.of(".reel-cache/clips.tsv"), Video.Options.DEFAULT);
 * ClipIndex.Clip c = idx.get(1234);      // c.video(): which video, c.frames(): its frame indices
 * }</pre>
 */
public final class ClipIndex {
    /** Clip {@code i}: the video's position in the list and the frame indices. */
    public record Clip(int video, int[] frames) { }

    /** What is known of one video. */
    public record VideoMeta(long frameCount, Rational fps) { }

    private final List<Path> videos;
    private final List<VideoMeta> meta;
    private final int length, stride, step;
    private final long[] firstClip;   // cumulative clip counts; firstClip[v] = index of video v's first clip

    private ClipIndex(List<Path> videos, List<VideoMeta> meta, int length, int stride, int step) {
        this.videos = List.copyOf(videos);
        this.meta = List.copyOf(meta);
        this.length = length;
        this.stride = stride;
        this.step = step;
        firstClip = new long[videos.size() + 1];
        long span = (long) (length - 1) * stride + 1;
        for (int v = 0; v < videos.size(); v++) {
            long n = meta.get(v).frameCount();
            long clips = n < span ? 0 : (n - span) / step + 1;   // videos shorter than a clip contribute none
            firstClip[v + 1] = firstClip[v] + clips;
        }
        if (firstClip[videos.size()] > Integer.MAX_VALUE) throw new IllegalArgumentException("ClipIndex: more than 2^31-1 clips");
    }

    /**
     * Indexes {@code videos}. {@code cacheFile} (may be null) is read if present and rewritten
     * with the counts of any video not in it.
     */
    public static ClipIndex build(List<Path> videos, int length, int stride, int step, Path cacheFile, Video.Options options) {
        if (length < 1 || stride < 1 || step < 1) {
            throw new IllegalArgumentException("ClipIndex: length, stride and step must be >= 1, got " + length + ", " + stride + ", " + step);
        }
        Map<String, String[]> cache = cacheFile != null && Files.isRegularFile(cacheFile) ? readCache(cacheFile) : new HashMap<>();
        List<VideoMeta> meta = new ArrayList<>();
        boolean changed = false;
        for (Path v : videos) {
            String key = v.toAbsolutePath().normalize().toString();
            String stamp = stamp(v);
            String[] row = cache.get(key);
            if (row != null && row[1].equals(stamp)) {
                meta.add(new VideoMeta(Long.parseLong(row[2]), Rational.of(Long.parseLong(row[3]), Long.parseLong(row[4]))));
                continue;
            }
            try (VideoReader r = Video.open(v, options)) {
                VideoMeta m = new VideoMeta(r.info().frameCount(), r.info().fps());
                meta.add(m);
                cache.put(key, new String[] {key, stamp, Long.toString(m.frameCount()), Long.toString(m.fps().num()), Long.toString(m.fps().den())});
                changed = true;
            }
        }
        if (cacheFile != null && changed) writeCache(cacheFile, cache);
        return new ClipIndex(videos, meta, length, stride, step);
    }

    /** Number of clips. */
    public int size() { return (int) firstClip[videos.size()]; }

    /** Clip {@code i}. */
    public Clip get(int i) {
        Objects.checkIndex(i, size());
        int v = Arrays.binarySearch(firstClip, i);
        // binarySearch finds the last boundary <= i; equal boundaries mean empty videos, skip them
        if (v < 0) v = -v - 2;
        while (firstClip[v + 1] <= i) v++;
        int start = (int) ((i - firstClip[v]) * step);
        int[] frames = new int[length];
        for (int k = 0; k < length; k++) frames[k] = start + k * stride;
        return new Clip(v, frames);
    }

    public List<Path> videos() { return videos; }

    public VideoMeta meta(int video) { return meta.get(video); }

    /** Size and modification time: a file that changed is probed again. */
    private static String stamp(Path p) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            long size = Files.isDirectory(p) ? -1 : Files.size(p);
            return size + "@" + t.toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String[]> readCache(Path f) {
        Map<String, String[]> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String[] r = line.split("\t");
                // A malformed line (older format, partial write) is ignored: that video is probed again.
                if (r.length == 5 && r[2].matches("\\d+") && r[3].matches("\\d+") && r[4].matches("[1-9]\\d*")) m.put(r[0], r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip cache " + f + ": " + e.getMessage(), e);
        }
        return m;
    }

    private static void writeCache(Path f, Map<String, String[]> cache) {
        StringBuilder b = new StringBuilder();
        cache.values().stream().sorted((x, y) -> x[0].compareTo(y[0])).forEach(r -> b.append(String.join("\t", r)).append('\n'));
        try {
            if (f.toAbsolutePath().getParent() != null) Files.createDirectories(f.toAbsolutePath().getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write clip cache " + f + ": " + e.getMessage(), e);
        }
    }
}
