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
 * uncompressed 24-bit BGR. Files follow OpenDML (AVI 2.0): frames go into RIFF segments of at most
 * 1 GiB ({@code AVI }, then {@code AVIX} extensions), each indexed by an {@code ix00} chunk index
 * that an {@code indx} super index lists; the first segment also has the classic {@code idx1}
 * index, so players without OpenDML still read it. Size limit: 256 segments (256 GiB).
 *
 * <pre>{@code
 * try (AviWriter w = AviWriter.mjpeg(Path.of("out.avi"), 64, 48, Rational.of(25, 1), 0.95f)) {
 *     w.writeRgb(rgb, 0);
 * }
 * }</pre>
 */
public final class AviWriter implements VideoWriter {
    private static final long SEGMENT_LIMIT = 1L << 30;
    private static final int SUPER_ENTRIES = 256;
    private static final int INDX_SIZE = 24 + 16 * SUPER_ENTRIES;   // indx chunk data
    private static final int DMLH_SIZE = 248;
    private static final int STRL_SIZE = 4 + (8 + 56) + (8 + 40) + (8 + INDX_SIZE);
    private static final int HDRL_SIZE = 4 + (8 + 56) + (8 + STRL_SIZE) + (8 + 4 + 8 + DMLH_SIZE);
    private static final int INDX_POS = 12 + 12 + 64 + 12 + 64 + 48;     // 'indx' chunk header
    private static final int DMLH_POS = INDX_POS + 8 + INDX_SIZE + 12;   // 'dmlh' chunk header
    private static final int HEADER = 12 + 8 + HDRL_SIZE + 12;           // bytes before the first frame

    private final Path path;
    private final FileChannel channel;
    private final int width, height;
    private final Rational fps;
    private final float quality;                  // < 0: uncompressed
    private final int rawStride;
    private final long segmentLimit;
    private final String chunkId;
    private long position = HEADER;

    // The open segment: RIFF header position, its movi LIST position, its frames (offsets from movi data).
    private long riffPos = 0, moviPos = HEADER - 12;
    private int[] offsets = new int[256], sizes = new int[256];
    private int segmentFrames;
    // Closed segments' ix00 chunks, for the super index.
    private final long[] ixPos = new long[SUPER_ENTRIES];
    private final int[] ixSize = new int[SUPER_ENTRIES], ixFrames = new int[SUPER_ENTRIES];
    private int segments, firstSegmentFrames = -1;
    private int frames, maxChunk;
    private boolean closed;

    /** MJPEG with JPEG quality in (0, 1]; 0.9 and above keep fine detail and full chroma. */
    public static AviWriter mjpeg(Path path, int width, int height, Rational fps, float quality) {
        if (!(quality > 0 && quality <= 1)) throw new IllegalArgumentException("AviWriter: JPEG quality must be in (0, 1], got " + quality);
        return new AviWriter(path, width, height, fps, quality, SEGMENT_LIMIT);
    }

    /** Uncompressed 24-bit BGR rows, bottom-up as in Windows DIBs: lossless. */
    public static AviWriter raw(Path path, int width, int height, Rational fps) {
        return new AviWriter(path, width, height, fps, -1, SEGMENT_LIMIT);
    }

    /** As {@link #raw} with small RIFF segments, so tests can make multi-segment files. */
    static AviWriter raw(Path path, int width, int height, Rational fps, long segmentLimit) {
        return new AviWriter(path, width, height, fps, -1, segmentLimit);
    }

    private AviWriter(Path path, int width, int height, Rational fps, float quality, long segmentLimit) {
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
        this.segmentLimit = segmentLimit;
        this.chunkId = quality < 0 ? "00db" : "00dc";
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
        byte[] data = isRaw() ? bottomUpBgr(rgb, offset) : JpegCodec.encode(rgb, offset, width, height, quality);
        long chunk = 8L + data.length + (data.length & 1);
        // Room for this frame plus the segment's ix00 (and idx1 in the first segment) must fit the limit.
        long indexes = 32 + 8L * (segmentFrames + 1) + (segments == 0 ? 8 + 16L * (segmentFrames + 1) : 0);
        if (segmentFrames > 0 && position + chunk + indexes - riffPos > segmentLimit) startSegment();
        ByteBuffer b = ByteBuffer.allocate((int) chunk).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(chunkId)).putInt(data.length).put(data);
        b.position((int) chunk).flip();
        write(b, position);
        if (segmentFrames == offsets.length) {
            offsets = Arrays.copyOf(offsets, segmentFrames * 2);
            sizes = Arrays.copyOf(sizes, segmentFrames * 2);
        }
        offsets[segmentFrames] = (int) (position - (moviPos + 8));  // from the movi LIST's data (its 'movi' word)
        sizes[segmentFrames] = data.length;
        segmentFrames++;
        maxChunk = Math.max(maxChunk, data.length);
        frames++;
        position += chunk;
    }

    private byte[] bottomUpBgr(byte[] rgb, int offset) {
        byte[] data = new byte[rawStride * height];
        for (int y = 0; y < height; y++) {
            int s = offset + (height - 1 - y) * width * 3, d = y * rawStride;
            for (int x = 0; x < width; x++, s += 3, d += 3) {
                data[d] = rgb[s + 2]; data[d + 1] = rgb[s + 1]; data[d + 2] = rgb[s];
            }
        }
        return data;
    }

    /** Ends the open segment with its indexes and opens an AVIX segment. */
    private void startSegment() {
        endSegment();
        riffPos = position;
        moviPos = riffPos + 12;
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(0).put(ascii("AVIX")).put(ascii("LIST")).putInt(0).put(ascii("movi"));
        write(b.flip(), riffPos);
        position = riffPos + 24;
        segmentFrames = 0;
    }

    /** Writes the ix00 chunk (inside movi), idx1 for the first segment, and the segment's sizes. */
    private void endSegment() {
        if (segments == SUPER_ENTRIES) throw new IllegalStateException("AviWriter: " + path + " would need more than " + SUPER_ENTRIES + " RIFF segments");
        long base = moviPos + 8;
        int ixData = 24 + 8 * segmentFrames;
        ByteBuffer ix = ByteBuffer.allocate(8 + ixData).order(ByteOrder.LITTLE_ENDIAN);
        ix.put(ascii("ix00")).putInt(ixData).putShort((short) 2).put((byte) 0).put((byte) 1)
          .putInt(segmentFrames).put(ascii(chunkId)).putLong(base).putInt(0);
        for (int i = 0; i < segmentFrames; i++) ix.putInt(offsets[i] + 8).putInt(sizes[i]); // points at data; all keyframes
        write(ix.flip(), position);
        ixPos[segments] = position;
        ixSize[segments] = 8 + ixData;
        ixFrames[segments] = segmentFrames;
        position += 8 + ixData;
        long moviEnd = position;
        putInt(moviPos + 4, moviEnd - (moviPos + 8));
        if (segments == 0) {
            firstSegmentFrames = segmentFrames;
            ByteBuffer idx = ByteBuffer.allocate(8 + 16 * segmentFrames).order(ByteOrder.LITTLE_ENDIAN);
            idx.put(ascii("idx1")).putInt(16 * segmentFrames);
            // idx1 offsets count from the 'movi' word to the chunk header; 0x10 = AVIIF_KEYFRAME.
            for (int i = 0; i < segmentFrames; i++) idx.put(ascii(chunkId)).putInt(0x10).putInt(offsets[i]).putInt(sizes[i]);
            write(idx.flip(), position);
            position += 8 + 16L * segmentFrames;
        }
        putInt(riffPos + 4, position - (riffPos + 8));
        segments++;
    }

    private void putInt(long at, long value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
        write(b.flip(), at);
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

    /** The header (everything before the first frame) with the current counts; rewritten at close. */
    private ByteBuffer header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        String handler = isRaw() ? "DIB " : "MJPG";
        int imageSize = isRaw() ? rawStride * height : width * height * 3;
        int firstFrames = firstSegmentFrames >= 0 ? firstSegmentFrames : frames;
        b.put(ascii("RIFF")).putInt(0).put(ascii("AVI "));
        b.put(ascii("LIST")).putInt(HDRL_SIZE).put(ascii("hdrl"));
        b.put(ascii("avih")).putInt(56)
         .putInt((int) Math.min(0xFFFFFFFFL, Math.round(1e6 * fps.den() / fps.num())))   // microseconds per frame
         .putInt((int) Math.min(Integer.MAX_VALUE, Math.round(maxChunk * fps.toDouble())))  // max bytes per second
         .putInt(0).putInt(0x10)                                   // padding; AVIF_HASINDEX
         .putInt(firstFrames).putInt(0).putInt(1).putInt(maxChunk + 8) // frames in the first RIFF, as OpenDML asks
         .putInt(width).putInt(height).putInt(0).putInt(0).putInt(0).putInt(0);
        b.put(ascii("LIST")).putInt(STRL_SIZE).put(ascii("strl"));
        b.put(ascii("strh")).putInt(56).put(ascii("vids")).put(ascii(handler))
         .putInt(0).putShort((short) 0).putShort((short) 0).putInt(0)
         .putInt((int) fps.den()).putInt((int) fps.num()).putInt(0).putInt(frames)
         .putInt(maxChunk + 8).putInt(-1).putInt(0)
         .putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
        b.put(ascii("strf")).putInt(40).putInt(40).putInt(width).putInt(height)
         .putShort((short) 1).putShort((short) 24).put(isRaw() ? new byte[4] : ascii("MJPG"))
         .putInt(imageSize).putInt(0).putInt(0).putInt(0).putInt(0);
        // The super index: one entry per RIFF segment's ix00 chunk.
        b.put(ascii("indx")).putInt(INDX_SIZE).putShort((short) 4).put((byte) 0).put((byte) 0)
         .putInt(segments).put(ascii(chunkId)).putInt(0).putInt(0).putInt(0);
        for (int s = 0; s < SUPER_ENTRIES; s++) {
            if (s < segments) b.putLong(ixPos[s]).putInt(ixSize[s]).putInt(ixFrames[s]);
            else b.putLong(0).putInt(0).putInt(0);
        }
        b.put(ascii("LIST")).putInt(4 + 8 + DMLH_SIZE).put(ascii("odml"));
        b.put(ascii("dmlh")).putInt(DMLH_SIZE).putInt(frames).put(new byte[DMLH_SIZE - 4]);
        b.put(ascii("LIST")).putInt(0).put(ascii("movi"));
        if (b.position() != HEADER || DMLH_POS + 8 + DMLH_SIZE + 12 != HEADER) throw new IllegalStateException("AVI header layout");
        return b.flip();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            endSegment();
            long end = position;
            ByteBuffer h = header();
            // header() leaves the RIFF and movi sizes at 0; endSegment wrote the real ones into the file.
            write(h.limit(4), 0);
            write(h.limit(HEADER - 12).position(8), 8);
            channel.truncate(end);
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
