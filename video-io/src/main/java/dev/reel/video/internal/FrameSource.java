package dev.reel.video.internal;

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

    @Override
    void close();
}
