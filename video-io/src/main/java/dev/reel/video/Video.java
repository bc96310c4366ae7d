package dev.reel.video;

import dev.reel.video.internal.AviSource;
import dev.reel.video.internal.BinaryFile;
import dev.reel.video.internal.ImageSequenceSource;
import dev.reel.video.internal.Y4mSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for reading videos. The container is recognised from the file's first bytes, not
 * its name: Y4M, AVI and folders of images are read in pure Java.
 *
 * <pre>{@code
 * try (VideoReader r = Video.open(Path.of("walk.y4m"))) {
 *     System.out.println(r.info());
 * }
 * }</pre>
 */
public final class Video {
    private Video() {}

    /**
     * How to open a video.
     *
     * @param yuvMatrix        matrix for YUV to RGB where the file does not say; null: BT.601
     * @param imageSequenceFps frame rate given to folders of images, which carry none
     */
    public record Options(YuvMatrix yuvMatrix, Rational imageSequenceFps) {
        /** BT.601, 30 fps for image folders. */
        public static final Options DEFAULT = new Options(null, Rational.of(30, 1));

        public Options withYuvMatrix(YuvMatrix m) { return new Options(m, imageSequenceFps); }

        public Options withImageSequenceFps(Rational fps) { return new Options(yuvMatrix, fps); }
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
            return new VideoReader(path, new ImageSequenceSource(path, options.imageSequenceFps()), "images");
        }
        if (!Files.isRegularFile(path)) throw new VideoFormatException(path, -1, "no such file");
        byte[] head;
        try (BinaryFile f = new BinaryFile(path)) {
            head = f.readUpTo(0, 12);
        }
        if (startsWith(head, "YUV4MPEG2")) {
            return new VideoReader(path, new Y4mSource(path, options.yuvMatrix()), "y4m");
        }
        if (startsWith(head, "RIFF") && head.length >= 12 && new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("AVI ")) {
            return new VideoReader(path, new AviSource(path), "avi");
        }
        throw new VideoFormatException(path, 0, "unrecognised video format; pure-Java readers handle Y4M, AVI (MJPEG, raw) and image folders");
    }

    private static boolean startsWith(byte[] b, String s) {
        if (b.length < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[i] != s.charAt(i)) return false;
        return true;
    }
}
