package dev.reel.video.internal;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Loads FFmpeg's native libraries once, remembering why when they cannot load, so every later
 * open can say so without trying again.
 */
public final class Ffmpeg {
    /** What still works when FFmpeg is missing, for error messages. */
    public static final String PURE_JAVA_FORMATS = "Y4M, AVI with MJPEG/uncompressed/I420 frames, folders of PNG/JPEG/BMP images, and WAV";

    private static volatile String failure;
    private static volatile boolean loaded;

    private Ffmpeg() {}

    /** Null when FFmpeg is usable, else why not. */
    public static synchronized String unavailableReason() {
        if (loaded) return null;
        if (failure != null) return failure;
        try {
            Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
            Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
            Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
            Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            loaded = true;
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
            failure = t.getClass().getSimpleName() + ": " + t.getMessage();
            return failure;
        }
    }

    /** FFmpeg's text for an error code. */
    public static String errorText(int code) { return error(code); }

    static String error(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }

    static String string(BytePointer p) {
        return p == null || p.isNull() ? "unknown" : p.getString();
    }
}
