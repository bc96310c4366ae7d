package dev.reel.video;

import dev.reel.engine.Tensor;
import dev.reel.video.internal.FrameSource;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Random access to the frames of one video, decoded to RGB (8-bit red, green, blue per pixel,
 * rows top to bottom) as U8 tensors or plain arrays. Open one with {@link Video#open(Path)}; a
 * reader is used by one thread at a time (give each data-loader worker its own).
 *
 * <pre>{@code
 * try (VideoReader r = Video.open(Path.of("clip.mp4"))) {
 *     VideoInfo info = r.info();
 *     Tensor f = r.frame(10);                                      // U8 [H, W, 3]
 *     Tensor clip = r.read(new int[] {0, 2, 4, 6}, ClipLayout.CTHW); // U8 [3, 4, H, W]
 *     for (Tensor frame : r.frames()) { ... }                       // streaming
 * }
 * }</pre>
 */
public final class VideoReader implements AutoCloseable, Iterable<byte[]> {
    private final Path path;
    private final FrameSource source;
    private static final System.Logger LOG = System.getLogger(VideoReader.class.getName());

    private final String backend;
    private final boolean skipDamaged;
    private boolean closed;
    private int damaged;

    VideoReader(Path path, FrameSource source, String backend, boolean skipDamaged) {
        this.path = path;
        this.source = source;
        this.backend = backend;
        this.skipDamaged = skipDamaged;
    }

    /** How many damaged frames were replaced so far (see {@link Video.Options#skipDamagedFrames()}). */
    public int damagedFrames() { return damaged; }

    /** The file or folder this reader reads. */
    public Path path() { return path; }

    /** Which decoder reads the file: {@code "y4m"}, {@code "avi"}, {@code "images"} or {@code "ffmpeg"}. */
    public String backend() { return backend; }

    /** The stream's size, rate, frame count and format. */
    public VideoInfo info() { return source.info(); }

    /** Number of frames (see {@link VideoInfo#frameCountExact()}). */
    public int frameCount() { return (int) source.info().frameCount(); }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("VideoReader: " + path + " is closed");
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= frameCount()) {
            throw new IndexOutOfBoundsException("frame " + index + " is out of range [0, " + frameCount() + ") in " + path);
        }
    }

    /** Decodes frame {@code index} as RGB24 into {@code dst[offset .. offset + H*W*3)}. */
    public void readRgb(int index, byte[] dst, int offset) {
        checkOpen();
        checkIndex(index);
        Objects.checkFromIndexSize(offset, info().frameBytes(), dst.length);
        try {
            source.readRgb(index, dst, offset);
        } catch (VideoFormatException e) {
            if (!skipDamaged) throw e;
            replaceDamaged(index, dst, offset, e);
        }
    }

    /** Fills a damaged frame with the nearest readable one (earlier first), logging a warning. */
    private void replaceDamaged(int index, byte[] dst, int offset, VideoFormatException cause) {
        for (int d = 1; d < frameCount(); d++) {
            for (int j : new int[] {index - d, index + d}) {
                if (j < 0 || j >= frameCount()) continue;
                try {
                    source.readRgb(j, dst, offset);
                    damaged++;
                    LOG.log(System.Logger.Level.WARNING, "frame " + index + " of " + path + " is damaged (" + cause.problem()
                            + "); using frame " + j + " instead");
                    return;
                } catch (VideoFormatException next) {
                    // also damaged: keep looking
                }
            }
        }
        throw new VideoFormatException(path, cause.position(), "frame " + index + " is damaged and no other frame is readable: " + cause.problem(), cause);
    }

    /** Frame {@code index} as a new RGB24 array of {@code H*W*3} bytes. */
    public byte[] frameRgb(int index) {
        byte[] b = new byte[info().frameBytes()];
        readRgb(index, b, 0);
        return b;
    }

    /**
     * The index of the frame shown at {@code seconds} after the first frame: the last frame whose
     * presentation time is at or before it. For a constant frame rate that is
     * {@code floor(seconds * fps)}, exact in rational arithmetic up to double rounding; for a
     * variable-rate file read through FFmpeg it follows each frame's own timestamp.
     *
     * @throws IllegalArgumentException when {@code seconds} is negative, not finite, or at or
     *                                  past the end of the video
     */
    public int indexAt(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) throw new IllegalArgumentException("time " + seconds + " s is not a non-negative finite number (" + path + ")");
        int i = source.indexAt(seconds);
        if (i < 0) {
            throw new IllegalArgumentException("time " + seconds + " s is past the end of " + path + " (" + info().durationSeconds() + " s, " + frameCount() + " frames)");
        }
        return i;
    }

    /**
     * The presentation time of frame {@code index} in seconds after the first frame
     * ({@code index / fps} at a constant frame rate; the frame's own timestamp through FFmpeg).
     */
    public double timeOf(int index) {
        checkIndex(index);
        return source.timeOf(index);
    }

    /** The RGB24 frame shown at {@code seconds} (see {@link #indexAt}). */
    public byte[] frameRgbAt(double seconds) { return frameRgb(indexAt(seconds)); }

    /**
     * Decodes the frames {@code indices} (any order, repeats allowed) into one new array laid out
     * as {@code layout}: {@code T*H*W*3} bytes for T indices.
     */
    public byte[] readRgb(int[] indices, ClipLayout layout) {
        int frame = info().frameBytes();
        long total = (long) frame * indices.length;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("readRgb: " + indices.length + " frames of " + frame + " bytes exceed one array (" + path + ")");
        byte[] out = new byte[(int) total];
        readRgb(indices, layout, out, 0);
        return out;
    }

    /**
     * As {@link #readRgb(int[], ClipLayout)}, into {@code dst[offset..]}. MJPEG frames are decoded
     * on several threads at once (see {@code -Dreel.video.threads}).
     */
    public void readRgb(int[] indices, ClipLayout layout, byte[] dst, int offset) {
        int frame = info().frameBytes();
        Objects.checkFromIndexSize(offset, Math.multiplyExact(frame, indices.length), dst.length);
        for (int index : indices) checkIndex(index);
        checkOpen();
        try {
            source.readRgb(indices, layout, dst, offset);
            return;
        } catch (VideoFormatException e) {
            if (!skipDamaged) throw e;
        }
        // A damaged frame in the batch: the default frame-by-frame path, each frame read through
        // this reader's replacement of damaged frames.
        new FrameSource() {
            @Override
            public VideoInfo info() { return source.info(); }

            @Override
            public void readRgb(int index, byte[] d, int o) { VideoReader.this.readRgb(index, d, o); }

            @Override
            public void close() { }
        }.readRgb(indices, layout, dst, offset);
    }

    /** Frame {@code index} as a U8 tensor of shape [H, W, 3]. */
    public Tensor frame(int index) {
        return Tensor.wrap(frameRgb(index), info().height(), info().width(), 3);
    }

    /** The frame shown at {@code seconds} as a U8 tensor [H, W, 3] (see {@link #indexAt}). */
    public Tensor frameAt(double seconds) { return frame(indexAt(seconds)); }

    /** The frames {@code indices} as one U8 tensor [T, H, W, 3]. */
    public Tensor read(int[] indices) { return read(indices, ClipLayout.THWC); }

    /**
     * The frames {@code indices} as one U8 tensor, [T, H, W, 3] or [3, T, H, W]: decoded straight
     * into the tensor's array, which the tensor then wraps without copying.
     */
    public Tensor read(int[] indices, ClipLayout layout) {
        byte[] data = readRgb(indices, layout);
        int t = indices.length, h = info().height(), w = info().width();
        return layout == ClipLayout.THWC ? Tensor.wrap(data, t, h, w, 3) : Tensor.wrap(data, 3, t, h, w);
    }

    /** Streams the frames in order as U8 tensors [H, W, 3]. */
    public Iterable<Tensor> frames() {
        return () -> new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() { return next < frameCount(); }

            @Override
            public Tensor next() {
                if (!hasNext()) throw new NoSuchElementException("no frame after " + (next - 1) + " in " + path);
                return frame(next++);
            }
        };
    }

    /** Streams the frames in order, each a new RGB24 array. */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() { return next < frameCount(); }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException("no frame after " + (next - 1) + " in " + path);
                return frameRgb(next++);
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
