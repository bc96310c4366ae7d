package dev.reel.video;

/**
 * The dimension order of a batch of frames read into one U8 tensor.
 *
 * <pre>{@code
 * reader.read(new int[] {0, 4, 8}, ClipLayout.CTHW);   // shape [3, 3, H, W]
 * }</pre>
 */
public enum ClipLayout {
    /** (time, height, width, channel): frames as stored, the layout of {@code torchvision.io.read_video}. */
    THWC,
    /** (channel, time, height, width): the input layout of 3D convolutions. */
    CTHW
}
