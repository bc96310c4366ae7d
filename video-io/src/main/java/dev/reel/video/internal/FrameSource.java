package dev.reel.video.internal;

import dev.reel.video.ClipLayout;
import dev.reel.video.VideoInfo;

/**
 * What every container/codec reader provides: its metadata and one frame decoded as RGB24
 * (rows top to bottom, {@code height * width * 3} bytes) written into a caller's array.
 * Implementations are used by one thread at a time.
 */
public interface FrameSource extends AutoCloseable {
    VideoInfo info();

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
