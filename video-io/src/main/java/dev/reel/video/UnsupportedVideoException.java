package dev.reel.video;

import java.nio.file.Path;

/**
 * The file is well formed but uses a codec or feature the chosen reader does not handle, e.g. an
 * AVI holding H.264 opened with the pure-Java reader. {@link Video#open} with
 * {@link Video.Backend#AUTO} then tries FFmpeg.
 */
public class UnsupportedVideoException extends VideoFormatException {
    public UnsupportedVideoException(Path file, long position, String problem) {
        super(file, position, problem);
    }

    public UnsupportedVideoException(Path file, long position, String problem, Throwable cause) {
        super(file, position, problem, cause);
    }
}
