package dev.reel.video.internal;

import dev.reel.video.ClipLayout;
import dev.reel.video.Rational;
import dev.reel.video.VideoFormatException;
import dev.reel.video.VideoInfo;
import dev.reel.video.YuvMatrix;

import java.nio.file.Path;

/**
 * Reads the first video stream of an AVI file (RIFF {@code AVI }, with OpenDML {@code AVIX}
 * extensions) holding MJPEG, uncompressed BGR (24/32 bit) or planar YUV 4:2:0 (I420, YV12) frames.
 *
 * <p>Frames are located through the OpenDML index ({@code indx} super index and {@code ix##}
 * chunk indexes) when present, else the legacy {@code idx1} index, else by scanning the
 * {@code movi} lists. A zero-length chunk is a dropped frame and repeats the previous one.
 */
public final class AviSource implements FrameSource {
    /** Which index to build the frame table from; {@code AUTO} prefers OpenDML. */
    public enum IndexChoice { AUTO, IDX1, SCAN }

    private static final int MAX_DIMENSION = 1 << 15;

    private final BinaryFile file;
    private final AviIndex index;
    private final VideoInfo info;
    private final String codec;   // "mjpeg", "bgr24", "bgra", "i420", "yv12"
    private final int width, height;
    private final boolean bottomUp;
    private final YuvConverter yuv = new YuvConverter(YuvMatrix.BT601, false);
    /** Per-thread decoding state for batch reads; lane 0 also serves single-frame reads. */
    private final Lane[] lanes = new Lane[ParallelFrames.THREADS];

    // Gathered while walking the RIFF tree.
    private int streamCount;
    private int videoStream = -1;
    private long videoStrf = -1, videoStrfSize, videoStrh = -1, videoIndx = -1, videoIndxSize;
    private long idx1 = -1, idx1Size, firstMovi = -1;
    private final java.util.List<long[]> moviLists = new java.util.ArrayList<>(); // {start of data, end}

    public AviSource(Path path) { this(path, IndexChoice.AUTO); }

    public AviSource(Path path, IndexChoice choice) {
        BinaryFile f = new BinaryFile(path);
        this.file = f;
        try {
            walkRiffs();
            if (videoStream < 0) throw f.error(-1, "AVI file has no video stream");
            if (videoStrf < 0) throw f.error(videoStrh, "video stream has no 'strf' format chunk");
            f.require(videoStrh, 28, "'strh' stream header");
            f.require(videoStrf, 40, "'strf' BITMAPINFOHEADER");
            long scale = f.u32le(videoStrh + 20, "strh dwScale");
            long rate = f.u32le(videoStrh + 24, "strh dwRate");
            if (scale == 0 || rate == 0) throw f.error(videoStrh + 20, "frame rate " + rate + "/" + scale + " is not positive");
            int w = f.s32le(videoStrf + 4, "biWidth");
            int hRaw = f.s32le(videoStrf + 8, "biHeight");
            int bits = f.u16le(videoStrf + 14, "biBitCount");
            String compression = f.fourcc(videoStrf + 16, "biCompression");
            int h = Math.abs(hRaw);
            if (w <= 0 || w > MAX_DIMENSION || hRaw == Integer.MIN_VALUE || h == 0 || h > MAX_DIMENSION) {
                throw f.error(videoStrf + 4, "frame size " + w + "x" + hRaw + " is outside 1.." + MAX_DIMENSION);
            }
            this.width = w;
            this.height = h;
            this.codec = codecOf(compression, bits, videoStrf + 14);
            this.bottomUp = hRaw > 0 && (codec.equals("bgr24") || codec.equals("bgra"));
            this.index = buildIndex(choice);
            if (index.count == 0) throw f.error(firstMovi, "AVI video stream has no frames");
            Rational fps = Rational.of(rate, scale);
            String pixFmt = switch (codec) {
                case "mjpeg" -> mjpegPixelFormat();
                case "i420", "yv12" -> "yuv420p";
                default -> codec;
            };
            String codecName = codec.equals("mjpeg") ? "mjpeg" : "rawvideo";
            this.info = new VideoInfo(w, h, fps, index.count, true, index.count / fps.toDouble(), codecName, pixFmt, 0);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** The component layout of the first non-empty frame's JPEG header. */
    private String mjpegPixelFormat() {
        for (int i = 0; i < index.count; i++) {
            if (index.size[i] == 0) continue;
            byte[] head = file.read(index.position[i], Math.min(index.size[i], 4096), "frame " + i + " JPEG header");
            return JpegCodec.pixelFormat(head, head.length);
        }
        return "jpeg";
    }

    /** Where the frame table came from: {@code "indx"}, {@code "idx1"} or {@code "scan"}. */
    public String indexSource() { return index.source; }

    private String codecOf(String fourcc, int bits, long pos) {
        if (fourcc.equals("\0\0\0\0")) {
            if (bits == 24) return "bgr24";
            if (bits == 32) return "bgra";
            throw new dev.reel.video.UnsupportedVideoException(file.path(), pos, "uncompressed AVI with " + bits + " bits per pixel is not supported in pure Java (24 and 32 are)");
        }
        return switch (fourcc) {
            case "MJPG", "mjpg", "JPEG", "jpeg", "AVRn", "dmb1" -> "mjpeg";
            case "I420", "IYUV", "i420", "iyuv" -> "i420";
            case "YV12", "yv12" -> "yv12";
            default -> throw new dev.reel.video.UnsupportedVideoException(file.path(), pos + 2, "AVI codec '" + printable(fourcc)
                    + "' is not readable in pure Java (MJPEG, uncompressed BGR, I420 and YV12 are); open it with the FFmpeg backend");
        };
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        return b.toString();
    }

    // ---- RIFF walk -------------------------------------------------------------------------

    private void walkRiffs() {
        long pos = 0;
        boolean first = true;
        while (pos + 12 <= file.size()) {
            String id = file.fourcc(pos, "RIFF id");
            if (!id.equals("RIFF")) {
                if (first) throw file.error(0, "not an AVI file: it must start with 'RIFF'");
                throw file.error(pos, "expected a 'RIFF' extension chunk after the previous one, found '" + printable(id) + "'");
            }
            long size = file.u32le(pos + 4, "RIFF size");
            String form = file.fourcc(pos + 8, "RIFF form");
            if (first && !form.equals("AVI ")) throw file.error(8, "RIFF form is '" + printable(form) + "', not 'AVI '");
            if (!first && !form.equals("AVIX")) throw file.error(pos + 8, "RIFF extension form is '" + printable(form) + "', not 'AVIX'");
            file.require(pos + 8, size, "RIFF '" + form.trim() + "' chunk");
            walkList(pos + 12, pos + 8 + size, first ? "RIFF AVI" : "RIFF AVIX", 0);
            pos += 8 + size + (size & 1);
            first = false;
        }
        if (first) throw file.error(0, "not an AVI file: shorter than a RIFF header");
    }

    private void walkList(long start, long end, String where, int depth) {
        if (depth > 8) throw file.error(start, "LIST chunks nested more than 8 deep");
        long pos = start;
        while (pos + 8 <= end) {
            String id = file.fourcc(pos, "chunk id in " + where);
            long size = file.u32le(pos + 4, "chunk size");
            if (size > end - pos - 8) {
                throw file.error(pos + 4, "chunk '" + printable(id) + "' says " + size + " bytes but its " + where
                        + " has " + (end - pos - 8) + " left");
            }
            long data = pos + 8;
            if (id.equals("LIST")) {
                if (size < 4) throw file.error(pos + 4, "LIST chunk of " + size + " bytes has no type");
                String type = file.fourcc(data, "LIST type");
                switch (type) {
                    case "hdrl", "odml" -> walkList(data + 4, data + size, "LIST " + type, depth + 1);
                    case "strl" -> {
                        walkStrl(data + 4, data + size);
                        streamCount++;
                    }
                    case "movi" -> {
                        if (firstMovi < 0) firstMovi = data; // idx1 offsets count from the 'movi' type word
                        moviLists.add(new long[] {data + 4, data + size});
                    }
                    default -> { } // INFO and others: metadata we do not need
                }
            } else if (id.equals("idx1") && idx1 < 0) {
                idx1 = data;
                idx1Size = size;
            }
            pos = data + size + (size & 1);
        }
    }

    private void walkStrl(long start, long end) {
        long pos = start;
        long strh = -1, strf = -1, strfSize = 0, indx = -1, indxSize = 0;
        while (pos + 8 <= end) {
            String id = file.fourcc(pos, "chunk id in LIST strl");
            long size = file.u32le(pos + 4, "chunk size");
            if (size > end - pos - 8) throw file.error(pos + 4, "chunk '" + printable(id) + "' runs past its LIST strl");
            switch (id) {
                case "strh" -> strh = pos + 8;
                case "strf" -> { strf = pos + 8; strfSize = size; }
                case "indx" -> { indx = pos + 8; indxSize = size; }
                default -> { }
            }
            pos += 8 + size + (size & 1);
        }
        if (strh < 0) throw file.error(start, "stream " + streamCount + " has no 'strh' header");
        String type = file.fourcc(strh, "strh fccType");
        if (type.equals("vids") && videoStream < 0) {
            videoStream = streamCount;
            videoStrh = strh;
            videoStrf = strf;
            videoStrfSize = strfSize;
            videoIndx = indx;
            videoIndxSize = indxSize;
            if (strf >= 0 && strfSize < 40) throw file.error(strf, "video 'strf' is " + strfSize + " bytes, a BITMAPINFOHEADER needs 40");
        }
    }

    // ---- indexes --------------------------------------------------------------------------

    private boolean isVideoChunk(String id) {
        if (id.length() != 4 || videoStream > 99) return false;
        int n = (id.charAt(0) - '0') * 10 + (id.charAt(1) - '0');
        String kind = id.substring(2);
        return n == videoStream && Character.isDigit(id.charAt(0)) && Character.isDigit(id.charAt(1))
                && (kind.equals("dc") || kind.equals("db"));
    }

    private AviIndex buildIndex(IndexChoice choice) {
        if (choice == IndexChoice.AUTO && videoIndx >= 0) return readOpenDml();
        if (choice != IndexChoice.SCAN && idx1 >= 0) return readIdx1();
        if (choice == IndexChoice.IDX1) throw file.error(-1, "AVI file has no idx1 index");
        return scanMovi();
    }

    private AviIndex readOpenDml() {
        AviIndex ix = new AviIndex("indx");
        long p = videoIndx;
        if (videoIndxSize < 24) throw file.error(p, "'indx' chunk of " + videoIndxSize + " bytes is shorter than its 24-byte header");
        int longsPerEntry = file.u16le(p, "indx wLongsPerEntry");
        int type = file.u8(p + 3, "indx bIndexType");
        long entries = file.u32le(p + 4, "indx nEntriesInUse");
        if (type == 1) { // a stream whose indx is itself a chunk index
            readChunkIndex(p - 8, ix);
            return ix;
        }
        if (type != 0 || longsPerEntry != 4) throw file.error(p, "'indx' has type " + type + " with " + longsPerEntry + " longs per entry; expected a super index (0, 4)");
        if (entries > (videoIndxSize - 24) / 16) throw file.error(p + 4, "'indx' claims " + entries + " entries but holds room for " + (videoIndxSize - 24) / 16);
        for (long e = 0; e < entries; e++) {
            long q = p + 24 + e * 16;
            long chunkPos = file.u64le(q, "indx entry qwOffset");
            readChunkIndex(chunkPos, ix);
        }
        return ix;
    }

    /** Reads an {@code ix##} standard index chunk whose header starts at {@code pos}. */
    private void readChunkIndex(long pos, AviIndex ix) {
        long size = file.u32le(pos + 4, "ix chunk size");
        file.require(pos + 8, size, "'ix' index chunk");
        if (size < 24) throw file.error(pos, "'ix' chunk of " + size + " bytes is shorter than its header");
        long p = pos + 8;
        int longsPerEntry = file.u16le(p, "ix wLongsPerEntry");
        int type = file.u8(p + 3, "ix bIndexType");
        long entries = file.u32le(p + 4, "ix nEntriesInUse");
        if (type != 1 || longsPerEntry != 2) throw file.error(p, "'ix' chunk has type " + type + " with " + longsPerEntry + " longs per entry; expected a chunk index (1, 2)");
        if (entries > (size - 24) / 8) throw file.error(p + 4, "'ix' chunk claims " + entries + " entries but holds room for " + (size - 24) / 8);
        if (entries * 8 > Integer.MAX_VALUE - 8) throw file.error(p + 4, "'ix' chunk of " + entries + " entries is too large to read");
        long base = file.u64le(p + 12, "ix qwBaseOffset");
        byte[] table = file.read(p + 24, (int) (entries * 8), "ix entries");
        for (int e = 0; e < entries; e++) {
            long off = BinaryFile.le32(table, e * 8) & 0xFFFFFFFFL;
            int len = BinaryFile.le32(table, e * 8 + 4) & 0x7FFFFFFF; // bit 31 marks a non-keyframe
            addFrame(ix, base + off, len, p + 24 + e * 8L);
        }
    }

    private AviIndex readIdx1() {
        AviIndex ix = new AviIndex("idx1");
        long n = idx1Size / 16;
        if (n * 16 > Integer.MAX_VALUE - 8) throw file.error(idx1, "idx1 of " + idx1Size + " bytes is too large to read");
        byte[] table = file.read(idx1, (int) (n * 16), "idx1 entries");
        // Offsets count from the 'movi' type word in most files, from the file start in some:
        // the first video entry decides, by whether a matching chunk id sits where it points.
        long base = -1;
        for (int e = 0; e < n; e++) {
            String id = BinaryFile.fourcc(table, e * 16);
            if (!isVideoChunk(id)) continue;
            long off = BinaryFile.le32(table, e * 16 + 8) & 0xFFFFFFFFL;
            int len = BinaryFile.le32(table, e * 16 + 12);
            if (base < 0) base = idx1Base(off, id, idx1 + e * 16L);
            long header = base + off;
            if (len < 0) throw file.error(idx1 + e * 16L + 12, "idx1 entry " + e + " has a negative length");
            addFrame(ix, header + 8, len, idx1 + e * 16L);
        }
        return ix;
    }

    private long idx1Base(long off, String id, long entryPos) {
        if (firstMovi >= 0 && firstMovi + off + 4 <= file.size() && id.equals(file.fourcc(firstMovi + off, "chunk id"))) return firstMovi;
        if (off + 4 <= file.size() && id.equals(file.fourcc(off, "chunk id"))) return 0;
        throw file.error(entryPos, "idx1 entry points to offset " + off + ", where no '" + id + "' chunk is found");
    }

    private AviIndex scanMovi() {
        AviIndex ix = new AviIndex("scan");
        if (moviLists.isEmpty()) throw file.error(-1, "AVI file has no 'movi' list");
        for (long[] list : moviLists) scanList(list[0], list[1], ix, 0);
        return ix;
    }

    private void scanList(long start, long end, AviIndex ix, int depth) {
        if (depth > 4) throw file.error(start, "'rec ' lists nested too deep");
        long pos = start;
        while (pos + 8 <= end) {
            String id = file.fourcc(pos, "chunk id in movi");
            long size = file.u32le(pos + 4, "chunk size");
            if (size > end - pos - 8) throw file.error(pos + 4, "chunk '" + printable(id) + "' of " + size + " bytes runs past its 'movi' list");
            if (id.equals("LIST")) scanList(pos + 12, pos + 8 + size, ix, depth + 1);
            else if (isVideoChunk(id)) addFrame(ix, pos + 8, (int) size, pos);
            pos += 8 + size + (size & 1);
        }
    }

    private void addFrame(AviIndex ix, long pos, int len, long entryPos) {
        if (pos < 0 || pos > file.size() || len > file.size() - pos) {
            throw file.error(entryPos, "index entry " + ix.count + " points to " + len + " bytes at " + pos
                    + ", past the end of the file (" + file.size() + " bytes)");
        }
        if (ix.count == Integer.MAX_VALUE) throw file.error(entryPos, "more than 2^31-1 frames");
        ix.add(pos, len);
    }

    // ---- decoding -------------------------------------------------------------------------

    @Override
    public VideoInfo info() { return info; }

    /** One thread's JPEG decoder and frame buffer. */
    private static final class Lane {
        final JpegDecoder jpeg = new JpegDecoder();
        byte[] chunk = new byte[0];
    }

    private Lane lane(int i) {
        if (lanes[i] == null) lanes[i] = new Lane();
        return lanes[i];
    }

    @Override
    public void readRgb(int frame, byte[] dst, int offset) { decode(lane(0), frame, dst, offset, 0); }

    /** MJPEG batches are decoded on several threads, each frame straight into its place in {@code dst}. */
    @Override
    public void readRgb(int[] indices, ClipLayout layout, byte[] dst, int offset) {
        if (!codec.equals("mjpeg")) {
            FrameSource.super.readRgb(indices, layout, dst, offset);
            return;
        }
        int frame = info.frameBytes(), plane = frame / 3, planes = plane * indices.length;
        // Lanes are created here, on the caller, so that helper threads only ever use them.
        int k = Math.min(indices.length, lanes.length);
        for (int l = 0; l < k; l++) lane(l);
        ParallelFrames.forEach(indices.length, k, (l, t) -> {
            if (layout == ClipLayout.THWC) decode(lanes[l], indices[t], dst, offset + t * frame, 0);
            else decode(lanes[l], indices[t], dst, offset + t * plane, planes);
        });
    }

    /**
     * Decodes {@code frame} into {@code dst[offset..]}: RGB24 when {@code planes == 0}, else
     * three planes {@code planes} bytes apart (MJPEG writes them directly; the raw codecs scatter).
     */
    private void decode(Lane lane, int frame, byte[] dst, int offset, int planes) {
        int i = frame;
        while (i >= 0 && index.size[i] == 0) i--;   // a dropped frame shows the previous one
        if (i < 0) throw file.error(index.position[frame], "frame " + frame + " is empty and no earlier frame has data");
        long pos = index.position[i];
        int len = index.size[i];
        if (lane.chunk.length < len) lane.chunk = new byte[len];
        byte[] chunk = lane.chunk;
        file.read(pos, chunk, 0, len, "frame " + i);
        if (codec.equals("mjpeg")) {
            try {
                if (planes == 0) lane.jpeg.decode(chunk, len, width, height, dst, offset);
                else lane.jpeg.decodePlanar(chunk, len, width, height, dst, offset, planes);
            } catch (JpegDecoder.JpegException e) {
                throw new VideoFormatException(file.path(), pos, "frame " + i + ": " + e.getMessage(), e);
            }
            return;
        }
        if (planes != 0) throw new IllegalStateException("planar decoding is for MJPEG; " + codec + " goes through RGB24");
        switch (codec) {
            case "bgr24", "bgra" -> unpackBgr(i, pos, chunk, len, codec.equals("bgra") ? 4 : 3, dst, offset);
            default -> {
                int cw = (width + 1) / 2, ch = (height + 1) / 2, luma = width * height;
                int need = luma + 2 * cw * ch;
                if (len < need) throw file.error(pos, "frame " + i + " has " + len + " bytes, " + codec + " " + width + "x" + height + " needs " + need);
                int u = luma, v = luma + cw * ch;
                if (codec.equals("yv12")) { u = v; v = luma; }
                yuv.toRgb(chunk, 0, u, v, width, height, cw, 1, 1, dst, offset);
            }
        }
    }

    private void unpackBgr(int i, long pos, byte[] chunk, int len, int bpp, byte[] dst, int offset) {
        int stride = (width * bpp + 3) & ~3;  // DIB rows are padded to 4 bytes
        long need = (long) stride * height;
        if (len < need) throw file.error(pos, "frame " + i + " has " + len + " bytes, " + width + "x" + height + "x" + bpp + " needs " + need);
        for (int y = 0; y < height; y++) {
            int s = (bottomUp ? height - 1 - y : y) * stride;
            int d = offset + y * width * 3;
            for (int x = 0; x < width; x++, s += bpp, d += 3) {
                dst[d] = chunk[s + 2]; dst[d + 1] = chunk[s + 1]; dst[d + 2] = chunk[s];
            }
        }
    }

    @Override
    public void close() {
        for (Lane l : lanes) if (l != null) l.jpeg.close();
        file.close();
    }
}
