package dev.reel.video;

/**
 * What a video file says about its main video stream.
 *
 * <pre>{@code
 * VideoInfo info = reader.info();
 * System.out.println(info.width() + "x" + info.height() + " @ " + info.fps().toDouble() + " fps");
 * }</pre>
 *
 * @param width            frame width in pixels
 * @param height           frame height in pixels
 * @param fps              frame rate as an exact fraction
 * @param frameCount       number of frames
 * @param frameCountExact  true when the count comes from an index or a full scan; false when it is
 *                         estimated from duration and frame rate
 * @param durationSeconds  duration in seconds ({@code frameCount / fps} for constant-rate files)
 * @param codec            codec name, e.g. {@code "mjpeg"}, {@code "rawvideo"}, {@code "h264"}
 * @param pixelFormat      pixel format as stored, e.g. {@code "yuv420p"}, {@code "bgr24"}
 * @param rotation         clockwise display rotation in degrees (0, 90, 180 or 270) that the
 *                         file asks for; frames are returned as stored, not rotated
 */
public record VideoInfo(int width, int height, Rational fps, long frameCount, boolean frameCountExact,
                        double durationSeconds, String codec, String pixelFormat, int rotation) {

    /** Bytes of one RGB24 frame: {@code height * width * 3}. */
    public int frameBytes() { return Math.multiplyExact(Math.multiplyExact(width, height), 3); }
}
