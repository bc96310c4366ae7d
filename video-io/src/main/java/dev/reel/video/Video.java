package dev.reel.video;

import dev.reel.video.internal.AviSource;
import dev.reel.video.internal.BinaryFile;
import dev.reel.video.internal.Ffmpeg;
import dev.reel.video.internal.FfmpegSource;
import dev.reel.video.internal.ImageSequenceSource;
import dev.reel.video.internal.Y4mSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for reading videos. The container is recognised from the file's first bytes, not
 * its name: Y4M, AVI (MJPEG, uncompressed, I420) and folders of images are read in pure Java,
 * everything else through FFmpeg; {@link Backend} forces one or the other.
 *
 * <pre>{@code
 * try (VideoReader r = Video.open(Path.of("walk.y4m"))) {
 *     System.out.println(r.info());
 * }
 * }</pre>
 */
public final class Video {
    private Video() {}

    /** Which decoder reads a file. */
    public enum Backend {
        /** Pure Java where it can (Y4M, AVI with MJPEG/raw frames, image folders), FFmpeg otherwise. */
        AUTO,
        /** Pure Java only: other formats are an error. */
        PURE_JAVA,
        /** FFmpeg for every file (image folders excepted). */
        FFMPEG
    }

    /**
     * How to open a video.
     *
     * @param backend          which decoder to use
     * @param yuvMatrix        matrix for YUV to RGB in Y4M files, which do not say; null: BT.601
     * @param imageSequenceFps frame rate given to folders of images, which carry none
     * @param skipDamagedFrames when a frame cannot be decoded, log a warning and return the
     *                          nearest readable frame instead of throwing
     */
    public record Options(Backend backend, YuvMatrix yuvMatrix, Rational imageSequenceFps, boolean skipDamagedFrames) {
        /** AUTO, BT.601, 30 fps for image folders, damaged frames are errors. */
        public static final Options DEFAULT = new Options(Backend.AUTO, null, Rational.of(30, 1), false);

        public Options {
            java.util.Objects.requireNonNull(backend, "backend");
            java.util.Objects.requireNonNull(imageSequenceFps, "imageSequenceFps");
        }

        public Options withBackend(Backend b) { return new Options(b, yuvMatrix, imageSequenceFps, skipDamagedFrames); }

        public Options withYuvMatrix(YuvMatrix m) { return new Options(backend, m, imageSequenceFps, skipDamagedFrames); }

        public Options withImageSequenceFps(Rational fps) { return new Options(backend, yuvMatrix, fps, skipDamagedFrames); }

        public Options withSkipDamagedFrames(boolean skip) { return new Options(backend, yuvMatrix, imageSequenceFps, skip); }
    }

    /** Whether FFmpeg's native libraries load here; {@link #ffmpegProblem()} says why not. */
    public static boolean ffmpegAvailable() { return Ffmpeg.unavailableReason() == null; }

    /** Why FFmpeg cannot be used, or null when it can. */
    public static String ffmpegProblem() { return Ffmpeg.unavailableReason(); }

    /**
     * Decodes the audio of a file: WAV in pure Java, anything else (the sound track of an MP4,
     * MKV, WebM, MP3, ...) through FFmpeg. Samples are floats in [-1, 1] at the file's rate.
     */
    public static Audio readAudio(Path path) {
        byte[] head;
        try (BinaryFile f = new BinaryFile(path)) {
            head = f.readUpTo(0, 12);
        }
        if (startsWith(head, "RIFF") && head.length >= 12 && new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WAVE")) {
            return Wav.read(path);
        }
        return dev.reel.video.internal.FfmpegAudio.read(path);
    }

    /** Opens a video file or image folder with {@link Options#DEFAULT}. */
    public static VideoReader open(Path path) { return open(path, Options.DEFAULT); }

    /**
     * Opens a video file or image folder.
     *
     * @throws VideoFormatException when the file is malformed or of a format no reader handles
     */
    public static VideoReader open(Path path, Options options) {
        if (Files.isDirectory(path)) {
            return new VideoReader(path, new ImageSequenceSource(path, options.imageSequenceFps()), "images", options.skipDamagedFrames());
        }
        if (!Files.isRegularFile(path)) throw new VideoFormatException(path, -1, "no such file");
        if (options.backend() == Backend.FFMPEG) return ffmpeg(path, options);
        byte[] head;
        try (BinaryFile f = new BinaryFile(path)) {
            head = f.readUpTo(0, 12);
        }
        try {
            if (startsWith(head, "YUV4MPEG2")) {
                return new VideoReader(path, new Y4mSource(path, options.yuvMatrix()), "y4m", options.skipDamagedFrames());
            }
            if (startsWith(head, "RIFF") && head.length >= 12 && new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("AVI ")) {
                return new VideoReader(path, new AviSource(path), "avi", options.skipDamagedFrames());
            }
        } catch (UnsupportedVideoException e) {
            if (options.backend() == Backend.PURE_JAVA) throw e;
            return ffmpeg(path, options); // e.g. an AVI holding H.264
        }
        if (options.backend() == Backend.PURE_JAVA) {
            throw new UnsupportedVideoException(path, 0, "unrecognised video format; the pure-Java readers handle " + Ffmpeg.PURE_JAVA_FORMATS);
        }
        return ffmpeg(path, options);
    }

    private static VideoReader ffmpeg(Path path, Options options) {
        return new VideoReader(path, new FfmpegSource(path), "ffmpeg", options.skipDamagedFrames());
    }

    private static boolean startsWith(byte[] b, String s) {
        if (b.length < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[i] != s.charAt(i)) return false;
        return true;
    }
}
