package dev.reel.video.internal;

import dev.reel.video.VideoFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read by absolute position, every read checked against the file's length, so that a
 * lying header word becomes a {@link VideoFormatException} naming the position instead of an
 * out-of-bounds read or a huge allocation.
 */
public final class BinaryFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final byte[] small = new byte[8];

    public BinaryFile(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() { return path; }

    public long size() { return size; }

    /** A format error at {@code position} of this file. */
    public VideoFormatException error(long position, String problem) {
        return new VideoFormatException(path, position, problem);
    }

    /** Fails unless {@code [position, position + length)} lies inside the file. */
    public void require(long position, long length, String what) {
        if (position < 0 || length < 0 || position > size || length > size - position) {
            throw error(position, "truncated or corrupt: " + what + " needs " + length
                    + " bytes here but the file has " + Math.max(0, size - Math.max(0, position)) + " left");
        }
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code dst[offset..]}. */
    public void read(long position, byte[] dst, int offset, int length, String what) {
        require(position, length, what);
        ByteBuffer buf = ByteBuffer.wrap(dst, offset, length);
        try {
            long p = position;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, p);
                if (n < 0) throw error(p, "unexpected end of file while reading " + what);
                p += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + " at byte " + position + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code length} bytes at {@code position} into a new array (length checked first). */
    public byte[] read(long position, int length, String what) {
        require(position, length, what);
        byte[] b = new byte[length];
        read(position, b, 0, length, what);
        return b;
    }

    /** Reads up to {@code length} bytes at {@code position}, fewer at the end of the file. */
    public byte[] readUpTo(long position, int length) {
        long n = Math.max(0, Math.min(length, size - position));
        return read(position, (int) n, "data");
    }

    public int u8(long position, String what) {
        read(position, small, 0, 1, what);
        return small[0] & 0xFF;
    }

    public int u16le(long position, String what) {
        read(position, small, 0, 2, what);
        return (small[0] & 0xFF) | (small[1] & 0xFF) << 8;
    }

    /** An unsigned 32-bit little-endian word, as a long. */
    public long u32le(long position, String what) {
        read(position, small, 0, 4, what);
        return le32(small, 0) & 0xFFFFFFFFL;
    }

    /** A signed 32-bit little-endian word. */
    public int s32le(long position, String what) {
        read(position, small, 0, 4, what);
        return le32(small, 0);
    }

    /** A 64-bit little-endian word; negative values are reported as corrupt. */
    public long u64le(long position, String what) {
        read(position, small, 0, 8, what);
        long v = (le32(small, 0) & 0xFFFFFFFFL) | ((long) le32(small, 4) << 32);
        if (v < 0) throw error(position, what + " is " + Long.toUnsignedString(v) + ", past any file size");
        return v;
    }

    /** Four ASCII characters, e.g. {@code "RIFF"}. */
    public String fourcc(long position, String what) {
        read(position, small, 0, 4, what);
        return fourcc(small, 0);
    }

    public static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    public static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    public static String fourcc(byte[] b, int i) {
        return new String(b, i, 4, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
