/**
 * Reel's video I/O: readers and writers for video and audio files, clip sampling, video
 * transforms and video datasets.
 *
 * <p>Y4M, AVI (MJPEG or uncompressed), image-sequence folders and WAV are read in pure Java.
 */
module dev.reel.video {
    requires transitive dev.reel.engine;
    requires java.desktop;
    requires java.xml;

    exports dev.reel.video;
}
