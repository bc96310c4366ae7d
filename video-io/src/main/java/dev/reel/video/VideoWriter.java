package dev.reel.video;

/**
 * Writes frames given as RGB24 (8-bit red, green, blue per pixel, rows top to bottom), one after
 * the other; {@link #close()} finishes the file.
 *
 * <pre>{@code
 * try (VideoWriter w = AviWriter.mjpeg(Path.of("out.avi"), 64, 48, Rational.of(25, 1), 0.95f)) {
 *     for (byte[] frame : frames) w.writeRgb(frame, 0);
 * }
 * }</pre>
 */
public interface VideoWriter extends AutoCloseable {
    /** Appends the frame of {@code width * height * 3} bytes at {@code rgb[offset..]}. */
    void writeRgb(byte[] rgb, int offset);

    /** Frames written so far. */
    int framesWritten();

    /** Finishes the file (indexes, header sizes) and closes it. */
    @Override
    void close();
}
