/**
 * Reel's video I/O: readers and writers for video and audio files, clip sampling, video
 * transforms and video datasets.
 *
 * <p>Y4M, AVI (MJPEG or uncompressed), image-sequence folders and WAV are read in pure Java;
 * everything else (MP4, MKV, WebM, ...) through FFmpeg ({@code org.bytedeco:ffmpeg}).
 */
module dev.reel.video {
    requires transitive dev.reel.engine;
    requires transitive dev.reel.nn;
    requires java.desktop;
    requires jdk.incubator.vector;
    requires java.xml;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;

    exports dev.reel.video;
    exports dev.reel.video.sampling;
    exports dev.reel.video.transforms;
    exports dev.reel.video.datasets;
}
