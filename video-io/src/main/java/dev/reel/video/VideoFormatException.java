package dev.reel.video;

import java.nio.file.Path;

/**
 * A media file is malformed, truncated or uses a feature Reel cannot read. The message names the
 * file, the byte position where the problem was found (or -1 when it concerns the whole file) and
 * what was wrong.
 *
 * <pre>{@code
 * try (VideoReader r = Video.open(path)) { ... }
 * catch (VideoFormatException e) { log(e.file() + " @" + e.position() + ": " + e.problem()); }
 * }</pre>
 *
 * <p>It is unchecked so that frame iteration and dataset access can propagate it without wrapping.
 */
public class VideoFormatException extends RuntimeException {
    private final Path file;
    private final long position;
    private final String problem;

    /** A problem at byte {@code position} of {@code file} ({@code -1}: no single position). */
    public VideoFormatException(Path file, long position, String problem) {
        this(file, position, problem, null);
    }

    /** As {@link #VideoFormatException(Path, long, String)} with an underlying cause. */
    public VideoFormatException(Path file, long position, String problem, Throwable cause) {
        super(format(file, position, problem), cause);
        this.file = file;
        this.position = position;
        this.problem = problem;
    }

    private static String format(Path file, long position, String problem) {
        String where = position >= 0 ? " at byte " + position : "";
        return (file == null ? "<memory>" : file.toString()) + where + ": " + problem;
    }

    /** The file concerned, or null for data in memory. */
    public Path file() { return file; }

    /** The byte offset where the problem was found, or -1. */
    public long position() { return position; }

    /** What was wrong, without the file and position. */
    public String problem() { return problem; }
}
