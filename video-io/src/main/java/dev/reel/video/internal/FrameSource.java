package dev.reel.video.internal;

import dev.reel.video.ClipLayout;
import dev.reel.video.Rational;
import dev.reel.video.VideoInfo;

/**
 * What every container/codec reader provides: its metadata and one frame decoded as RGB24
 * (rows top to bottom, {@code height * width * 3} bytes) written into a caller's array.
 * Implementations are used by one thread at a time.
 */
public interface FrameSource extends AutoCloseable {
    VideoInfo info();

    /**
     * The presentation time of frame {@code index} in seconds after the first frame. This default
     * is for constant frame rates ({@code index / fps}); a source that knows each frame's
     * timestamp (variable frame rate, as phones record) overrides it and {@link #indexAt}.
     */
    default double timeOf(int index) {
        Rational fps = info().fps();
        return (double) index * fps.den() / fps.num();
    }

    /**
     * The index of the frame shown at {@code seconds} after the first frame ({@code seconds} is
     * already checked to be finite and non-negative), or -1 when that is at or past the video's end.
     */
    default int indexAt(double seconds) {
        Rational fps = info().fps();
        // A tiny tolerance makes 1/3 s at 30 fps land on frame 10, not 9.
        long i = (long) Math.floor(seconds * fps.num() / fps.den() + 1e-9);
        return i < info().frameCount() ? (int) i : -1;
    }

    /** Decodes frame {@code index} (already range-checked) into {@code dst[offset..]}. */
    void readRgb(int index, byte[] dst, int offset);

    /**
     * Decodes the frames {@code indices} (already range-checked) into {@code dst[offset..]} laid
     * out as {@code layout}: {@code T*H*W*3} bytes for T indices. This default decodes one frame
     * after another (through one scratch frame for CTHW); a source that can decode several frames
     * at once overrides it.
     */
    default void readRgb(int[] indices, ClipLayout layout, byte[] dst, int offset) {
        int frame = info().frameBytes();
        if (layout == ClipLayout.THWC) {
            for (int t = 0; t < indices.length; t++) readRgb(indices[t], dst, offset + t * frame);
            return;
        }
        // CTHW: decode each frame into one reused buffer, then scatter its channels into planes.
        byte[] scratch = new byte[frame];
        int plane = frame / 3, planes = plane * indices.length;
        for (int t = 0; t < indices.length; t++) {
            readRgb(indices[t], scratch, 0);
            RgbImages.toPlanes(scratch, plane, dst, offset + t * plane, planes);
        }
    }

    @Override
    void close();
}
