package dev.reel.video.datasets;

import java.nio.file.Path;

/**
 * One video of a dataset: its path (file or frame folder), class index, and optionally the
 * segment {@code [startSeconds, endSeconds)} to sample from (negative: the whole video).
 */
public record VideoEntry(Path path, int label, double startSeconds, double endSeconds) {
    public VideoEntry {
        if (label < 0) throw new IllegalArgumentException("VideoEntry: label must be >= 0, got " + label + " for " + path);
        if (startSeconds >= 0 && endSeconds >= 0 && !(endSeconds > startSeconds)) {
            throw new IllegalArgumentException("VideoEntry: segment [" + startSeconds + ", " + endSeconds + ") of " + path + " is empty");
        }
    }

    /** The whole video. */
    public static VideoEntry of(Path path, int label) { return new VideoEntry(path, label, -1, -1); }

    boolean hasSegment() { return startSeconds >= 0; }
}
