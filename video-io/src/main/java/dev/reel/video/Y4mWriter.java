package dev.reel.video;

import dev.reel.video.internal.YuvConverter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes YUV4MPEG2 (.y4m) files: RGB frames are converted to Y'CbCr with the chosen matrix and
 * range and chroma averaged down to 4:2:0, 4:2:2 or 4:4:4; planes can also be written as they are.
 *
 * <pre>{@code
 * try (Y4mWriter w = new Y4mWriter(Path.of("out.y4m"), 64, 48, Rational.of(30, 1))) {
 *     w.writeRgb(rgb, 0);
 * }
 * }</pre>
 */
public final class Y4mWriter implements VideoWriter {
    /** Chroma subsampling of the written planes. */
    public enum Chroma {
        C420(1, 1, "420jpeg"), C422(1, 0, "422"), C444(0, 0, "444");

        final int sx, sy;
        final String tag;

        Chroma(int sx, int sy, String tag) { this.sx = sx; this.sy = sy; this.tag = tag; }
    }

    private final Path path;
    private final int width, height, cw, ch;
    private final Chroma chroma;
    private final YuvConverter converter;
    private final OutputStream out;
    private final byte[] planes;
    private int frames;
    private boolean closed;

    /** 4:2:0, BT.601, limited range: what most tools expect. */
    public Y4mWriter(Path path, int width, int height, Rational fps) {
        this(path, width, height, fps, Chroma.C420, YuvMatrix.BT601, false);
    }

    public Y4mWriter(Path path, int width, int height, Rational fps, Chroma chroma, YuvMatrix matrix, boolean fullRange) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Y4mWriter: frame size " + width + "x" + height + " is not valid");
        }
        if (fps.num() <= 0) throw new IllegalArgumentException("Y4mWriter: frame rate " + fps + " must be positive");
        this.path = path;
        this.width = width;
        this.height = height;
        this.chroma = Objects.requireNonNull(chroma, "chroma");
        this.cw = (width + (1 << chroma.sx) - 1) >> chroma.sx;
        this.ch = (height + (1 << chroma.sy) - 1) >> chroma.sy;
        this.converter = new YuvConverter(matrix, fullRange);
        this.planes = new byte[width * height + 2 * cw * ch];
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            String header = "YUV4MPEG2 W" + width + " H" + height + " F" + fps.num() + ":" + fps.den()
                    + " Ip A1:1 C" + chroma.tag + " XCOLORRANGE=" + (fullRange ? "FULL" : "LIMITED") + "\n";
            out.write(header.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeRgb(byte[] rgb, int offset) {
        Objects.checkFromIndexSize(offset, width * height * 3, rgb.length);
        byte[] y = new byte[width * height], u = new byte[cw * ch], v = new byte[cw * ch];
        converter.fromRgb(rgb, offset, width, height, chroma.sx, chroma.sy, y, u, v);
        System.arraycopy(y, 0, planes, 0, y.length);
        System.arraycopy(u, 0, planes, y.length, u.length);
        System.arraycopy(v, 0, planes, y.length + u.length, v.length);
        writePlanes(planes, 0);
    }

    /** Appends a frame given as its planes Y, U, V in this writer's subsampling. */
    public void writePlanes(byte[] yuv, int offset) {
        if (closed) throw new IllegalStateException("Y4mWriter: " + path + " is closed");
        Objects.checkFromIndexSize(offset, planes.length, yuv.length);
        try {
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.write(yuv, offset, planes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        frames++;
    }

    /** Bytes of one frame's planes. */
    public int planeBytes() { return planes.length; }

    @Override
    public int framesWritten() { return frames; }

    @Override
    public int width() { return width; }

    @Override
    public int height() { return height; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + path + ": " + e.getMessage(), e);
        }
    }
}
