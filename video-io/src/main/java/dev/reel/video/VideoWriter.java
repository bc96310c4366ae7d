package dev.reel.video;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

import java.util.Arrays;

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

    /** Frame width in pixels. */
    int width();

    /** Frame height in pixels. */
    int height();

    /**
     * Appends one frame given as a U8 tensor [H, W, 3], or several as [T, H, W, 3] (e.g. a
     * generated clip); other dtypes must be converted first, e.g. {@code x.mul(255).clamp(0, 255).to(DType.U8)}.
     */
    default void write(Tensor frames) {
        int[] s = frames.shape();
        boolean one = s.length == 3, many = s.length == 4;
        if (frames.dtype() != DType.U8 || !(one || many) || s[s.length - 1] != 3
                || s[s.length - 3] != height() || s[s.length - 2] != width()) {
            throw new IllegalArgumentException("VideoWriter.write: expected a U8 tensor [" + height() + ", " + width()
                    + ", 3] or [T, " + height() + ", " + width() + ", 3], got " + frames.dtype() + " " + Arrays.toString(s));
        }
        byte[] data = frames.toByteArray();
        int n = one ? 1 : s[0], frame = height() * width() * 3;
        for (int t = 0; t < n; t++) writeRgb(data, t * frame);
    }

    /** Frames written so far. */
    int framesWritten();

    /** Finishes the file (indexes, header sizes) and closes it. */
    @Override
    void close();
}
