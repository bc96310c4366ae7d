package dev.reel.video;

import dev.reel.video.internal.JpegCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes AVI files with one video stream, either MJPEG (each frame a baseline JPEG) or
 * uncompressed 24-bit BGR, with an {@code idx1} index. Files are limited to the 1 GiB of a
 * classic AVI RIFF; a frame that would pass it is refused with an error.
 *
 * <pre>{@code
 * try (AviWriter w = AviWriter.mjpeg(Path.of("out.avi"), 64, 48, Rational.of(25, 1), 0.95f)) {
 *     w.writeRgb(rgb, 0);
 * }
 * }</pre>
 */
public final class AviWriter implements VideoWriter {
    private static final long MAX_RIFF = 1L << 30;
    private static final int HEADER = 224;        // bytes before the first frame chunk
    private static final int MOVI_TYPE = 220;     // position of the 'movi' word; idx1 counts from it

    private final Path path;
    private final FileChannel channel;
    private final int width, height;
    private final Rational fps;
    private final float quality;                  // < 0: uncompressed
    private final int rawStride;
    private long position = HEADER;
    private int[] offsets = new int[256], sizes = new int[256];
    private int frames, maxChunk;
    private boolean closed;

    /** MJPEG with JPEG quality in (0, 1]; 0.9 and above keep fine detail. */
    public static AviWriter mjpeg(Path path, int width, int height, Rational fps, float quality) {
        if (!(quality > 0 && quality <= 1)) throw new IllegalArgumentException("AviWriter: JPEG quality must be in (0, 1], got " + quality);
        return new AviWriter(path, width, height, fps, quality);
    }

    /** Uncompressed 24-bit BGR rows, bottom-up as in Windows DIBs: lossless. */
    public static AviWriter raw(Path path, int width, int height, Rational fps) {
        return new AviWriter(path, width, height, fps, -1);
    }

    private AviWriter(Path path, int width, int height, Rational fps, float quality) {
        if (width <= 0 || height <= 0 || width > 65535 || height > 65535 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("AviWriter: frame size " + width + "x" + height + " is not valid");
        }
        if (fps.num() <= 0 || fps.num() > 0xFFFFFFFFL || fps.den() > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AviWriter: frame rate " + fps + " does not fit AVI's 32-bit rate/scale");
        }
        this.path = path;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.quality = quality;
        this.rawStride = (width * 3 + 3) & ~3;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            channel.write(header(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private boolean isRaw() { return quality < 0; }

    @Override
    public void writeRgb(byte[] rgb, int offset) {
        if (closed) throw new IllegalStateException("AviWriter: " + path + " is closed");
        Objects.checkFromIndexSize(offset, width * height * 3, rgb.length);
        byte[] data;
        if (isRaw()) {
            data = new byte[rawStride * height];
            for (int y = 0; y < height; y++) {
                int s = offset + (height - 1 - y) * width * 3, d = y * rawStride; // bottom-up rows
                for (int x = 0; x < width; x++, s += 3, d += 3) {
                    data[d] = rgb[s + 2]; data[d + 1] = rgb[s + 1]; data[d + 2] = rgb[s];
                }
            }
        } else {
            data = JpegCodec.encode(rgb, offset, width, height, quality);
        }
        long chunk = 8L + data.length + (data.length & 1);
        long indexBytes = 16L * (frames + 1) + 8;
        if (position + chunk + indexBytes > MAX_RIFF) {
            throw new IllegalStateException("AviWriter: frame " + frames + " would take " + path + " past 1 GiB, the limit of a classic AVI file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) chunk).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(isRaw() ? "00db" : "00dc")).putInt(data.length).put(data);
        b.position((int) chunk).flip();
        write(b, position);
        if (frames == offsets.length) {
            offsets = Arrays.copyOf(offsets, frames * 2);
            sizes = Arrays.copyOf(sizes, frames * 2);
        }
        offsets[frames] = (int) (position - MOVI_TYPE);
        sizes[frames] = data.length;
        maxChunk = Math.max(maxChunk, data.length);
        frames++;
        position += chunk;
    }

    @Override
    public int framesWritten() { return frames; }

    @Override
    public int width() { return width; }

    @Override
    public int height() { return height; }

    private void write(ByteBuffer b, long at) {
        try {
            while (b.hasRemaining()) at += channel.write(b, at);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** The header with the current frame count and sizes; rewritten at close. */
    private ByteBuffer header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        long moviSize = position - MOVI_TYPE;
        long riffSize = position + 8 + 16L * frames - 8;
        String handler = isRaw() ? "DIB " : "MJPG";
        int imageSize = isRaw() ? rawStride * height : width * height * 3;
        b.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("AVI "));
        b.put(ascii("LIST")).putInt(192).put(ascii("hdrl"));
        b.put(ascii("avih")).putInt(56)
         .putInt((int) Math.min(0xFFFFFFFFL, Math.round(1e6 * fps.den() / fps.num())))   // microseconds per frame
         .putInt((int) Math.min(Integer.MAX_VALUE, Math.round(maxChunk * fps.toDouble())))  // max bytes per second
         .putInt(0).putInt(0x10)                                 // padding; AVIF_HASINDEX
         .putInt(frames).putInt(0).putInt(1).putInt(maxChunk + 8)
         .putInt(width).putInt(height).putInt(0).putInt(0).putInt(0).putInt(0);
        b.put(ascii("LIST")).putInt(116).put(ascii("strl"));
        b.put(ascii("strh")).putInt(56).put(ascii("vids")).put(ascii(handler))
         .putInt(0).putShort((short) 0).putShort((short) 0).putInt(0)
         .putInt((int) fps.den()).putInt((int) fps.num()).putInt(0).putInt(frames)
         .putInt(maxChunk + 8).putInt(-1).putInt(0)
         .putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
        b.put(ascii("strf")).putInt(40).putInt(40).putInt(width).putInt(height)
         .putShort((short) 1).putShort((short) 24).put(isRaw() ? new byte[4] : ascii("MJPG"))
         .putInt(imageSize).putInt(0).putInt(0).putInt(0).putInt(0);
        b.put(ascii("LIST")).putInt((int) moviSize).put(ascii("movi"));
        return b.flip();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            ByteBuffer idx = ByteBuffer.allocate(8 + 16 * frames).order(ByteOrder.LITTLE_ENDIAN);
            idx.put(ascii("idx1")).putInt(16 * frames);
            for (int i = 0; i < frames; i++) {
                idx.put(ascii(isRaw() ? "00db" : "00dc")).putInt(0x10).putInt(offsets[i]).putInt(sizes[i]); // AVIIF_KEYFRAME
            }
            write(idx.flip(), position);
            write(header(), 0);
            channel.truncate(position + 8 + 16L * frames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + path + ": " + e.getMessage(), e);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
