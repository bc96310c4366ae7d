package dev.reel.video.internal;

import dev.reel.video.Rational;
import dev.reel.video.VideoFormatException;
import dev.reel.video.VideoInfo;
import dev.reel.video.YuvMatrix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads YUV4MPEG2 (.y4m): a text header line, then frames each made of a {@code FRAME} line and
 * the raw planes Y, U, V (and A for 444alpha, skipped). High bit depths (FFmpeg's {@code C420p10},
 * {@code C444p12}, {@code Cmono16}...: 16-bit little-endian samples) are rounded to 8 bits
 * before the colour conversion, as the frames become RGB24.
 *
 * <p>Frame positions: when every frame line is the same length (the usual plain {@code FRAME\n})
 * and the file length is a whole number of frames, positions are computed and each frame line is
 * verified when read; otherwise all frame lines are scanned once at open.
 */
public final class Y4mSource implements FrameSource {
    private static final int MAX_HEADER = 4096;
    private static final int MAX_DIMENSION = 1 << 15;

    private final BinaryFile file;
    private final VideoInfo info;
    private final int width, height, sx, sy, chromaWidth, chromaHeight;
    private final boolean mono;
    private final int depth;            // bits per sample: 8, or 9..16 stored in two bytes
    private final long planeBytes;      // bytes of the planes Reel reads (Y[, U, V])
    private final long frameBytes;      // bytes of all planes stored (incl. alpha)
    private final long firstFrame;
    private final long stride;          // > 0: fixed frame-line length; 0: positions[] holds them
    private final int fixedLineLength;
    private long[] positions;           // data start of each frame, when stride == 0
    private final int frameCount;
    private final YuvConverter converter;
    private byte[] scratch;
    private byte[] wide;                // the 16-bit planes of a high-bit-depth frame

    /** Opens {@code path}; {@code matrix} null means BT.601. */
    public Y4mSource(Path path, YuvMatrix matrix) {
        BinaryFile f = new BinaryFile(path);
        try {
            this.file = f;
            byte[] head = f.readUpTo(0, MAX_HEADER);
            int nl = indexOf(head, 0, head.length, (byte) '\n');
            if (head.length < 10 || !new String(head, 0, 10, StandardCharsets.US_ASCII).equals("YUV4MPEG2 ")) {
                throw f.error(0, "not a Y4M file: it must start with 'YUV4MPEG2 '");
            }
            if (nl < 0) throw f.error(0, "Y4M header line has no end within " + MAX_HEADER + " bytes");
            String[] tokens = new String(head, 10, nl - 10, StandardCharsets.US_ASCII).trim().split(" +");
            int w = -1, h = -1;
            Rational fps = null;
            String colorspace = "420jpeg";
            boolean full = false;
            int pos = 10;
            for (String t : tokens) {
                if (t.isEmpty()) continue;
                char tag = t.charAt(0);
                String v = t.substring(1);
                switch (tag) {
                    case 'W' -> w = parseDimension(v, "width", pos);
                    case 'H' -> h = parseDimension(v, "height", pos);
                    case 'F' -> fps = parseRatio(v, pos);
                    case 'C' -> colorspace = v;
                    case 'X' -> {
                        if (v.equalsIgnoreCase("COLORRANGE=FULL")) full = true;
                    }
                    default -> { } // I (interlacing), A (aspect) and unknown tags do not change decoding
                }
                pos += t.length() + 1;
            }
            if (w < 0) throw f.error(0, "Y4M header has no width (W tag)");
            if (h < 0) throw f.error(0, "Y4M header has no height (H tag)");
            if (fps == null) throw f.error(0, "Y4M header has no frame rate (F tag)");
            this.width = w;
            this.height = h;
            this.depth = bitDepth(colorspace);
            String layout = depth == 8 ? colorspace : colorspace.substring(0, colorspace.length() - (colorspace.startsWith("mono") ? 2 : 3));
            int[] sub = subsampling(layout);
            this.mono = sub == null;
            this.sx = mono ? 0 : sub[0];
            this.sy = mono ? 0 : sub[1];
            this.chromaWidth = (w + (1 << sx) - 1) >> sx;
            this.chromaHeight = (h + (1 << sy) - 1) >> sy;
            long luma = (long) w * h;
            if (luma * 4 > Integer.MAX_VALUE - 8) throw f.error(0, "Y4M frame " + w + "x" + h + " is too large for one array");
            long samples = mono ? luma : luma + 2L * chromaWidth * chromaHeight;
            int sampleBytes = depth > 8 ? 2 : 1;
            this.planeBytes = samples * sampleBytes;
            this.frameBytes = colorspace.equals("444alpha") ? planeBytes + luma : planeBytes;
            this.firstFrame = nl + 1;
            this.converter = new YuvConverter(matrix == null ? YuvMatrix.BT601 : matrix, full);

            // Frame positions.
            long available = f.size() - firstFrame;
            int firstLine = available > 0 ? frameLineLength(firstFrame) : 0;
            long fixed = firstLine + frameBytes;
            if (available == 0) {
                throw f.error(firstFrame, "Y4M file has a header but no frames");
            } else if (available % fixed == 0) {
                long n = available / fixed;
                if (n > Integer.MAX_VALUE) throw f.error(firstFrame, "Y4M file has " + n + " frames, more than 2^31-1");
                this.stride = fixed;
                this.fixedLineLength = firstLine;
                this.frameCount = (int) n;
            } else {
                this.stride = 0;
                this.fixedLineLength = 0;
                this.frameCount = scanFrames();
            }
            Rational r = fps;
            this.info = new VideoInfo(w, h, r, frameCount, true, frameCount / r.toDouble(), "rawvideo",
                    pixelFormat(layout) + (depth == 8 ? "" : (depth + (depth > 8 ? "le" : ""))), 0);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private int parseDimension(String v, String what, int pos) {
        int d;
        try {
            d = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw file.error(pos, "Y4M " + what + " '" + v + "' is not a number");
        }
        if (d <= 0 || d > MAX_DIMENSION) throw file.error(pos, "Y4M " + what + " " + d + " is outside 1.." + MAX_DIMENSION);
        return d;
    }

    private Rational parseRatio(String v, int pos) {
        int colon = v.indexOf(':');
        try {
            long n = Long.parseLong(v.substring(0, colon));
            long d = Long.parseLong(v.substring(colon + 1));
            if (n <= 0 || d <= 0) throw file.error(pos, "Y4M frame rate " + v + " must be positive");
            return Rational.of(n, d);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw file.error(pos, "Y4M frame rate '" + v + "' is not of the form num:den");
        }
    }

    /**
     * Bits per sample from a colour space's suffix: {@code 420p10} is 10, {@code mono16} is 16,
     * anything without a suffix 8. Only 9..16 fit the two-byte samples Y4M uses above 8 bits.
     */
    private int bitDepth(String cs) {
        var m = java.util.regex.Pattern.compile("(?:(420|422|444)p|mono)(\\d+)").matcher(cs);
        if (!m.matches()) return 8;
        int d = Integer.parseInt(m.group(2));
        if (d < 9 || d > 16) throw file.error(0, "Y4M colour space '" + cs + "' has " + d + "-bit samples; 8 and 9..16 bits are supported");
        return d;
    }

    /** Chroma shifts {x, y}, or null for mono. */
    private int[] subsampling(String cs) {
        return switch (cs) {
            case "420jpeg", "420paldv", "420mpeg2", "420" -> new int[] {1, 1};
            case "422" -> new int[] {1, 0};
            case "411" -> new int[] {2, 0};
            case "444", "444alpha" -> new int[] {0, 0};
            case "mono" -> null;
            default -> throw file.error(0, "Y4M colour space '" + cs + "' is not supported (420, 422, 411, 444, 444alpha, mono are, "
                    + "and 420, 422, 444, mono with 9..16-bit samples such as 420p10)");
        };
    }

    private static String pixelFormat(String cs) {
        return switch (cs) {
            case "422" -> "yuv422p";
            case "411" -> "yuv411p";
            case "444" -> "yuv444p";
            case "444alpha" -> "yuva444p";
            case "mono" -> "gray";
            default -> "yuv420p";
        };
    }

    /** Length of the FRAME line starting at {@code pos}, including its newline. */
    private int frameLineLength(long pos) {
        byte[] b = file.readUpTo(pos, 256);
        if (b.length < 5 || b[0] != 'F' || b[1] != 'R' || b[2] != 'A' || b[3] != 'M' || b[4] != 'E') {
            throw file.error(pos, "expected a 'FRAME' line");
        }
        int nl = indexOf(b, 5, b.length, (byte) '\n');
        if (nl < 0) throw file.error(pos, "FRAME line has no end within 256 bytes");
        return nl + 1;
    }

    private int scanFrames() {
        long[] pos = new long[16];
        int n = 0;
        long p = firstFrame;
        while (p < file.size()) {
            int line = frameLineLength(p);
            file.require(p + line, frameBytes, "frame " + n + " (" + frameBytes + " bytes of planes)");
            if (n == Integer.MAX_VALUE) throw file.error(p, "more than 2^31-1 frames");
            if (n == pos.length) pos = Arrays.copyOf(pos, n * 2);
            pos[n++] = p + line;
            p += line + frameBytes;
        }
        positions = Arrays.copyOf(pos, n);
        return n;
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) if (b[i] == v) return i;
        return -1;
    }

    @Override
    public VideoInfo info() { return info; }

    /** Byte position of the planes of frame {@code index}, verifying its FRAME line. */
    private long dataPosition(int index) {
        if (stride == 0) return positions[index];
        long line = firstFrame + index * stride;
        int len = frameLineLength(line);
        if (len != fixedLineLength) {
            throw file.error(line, "FRAME line of frame " + index + " is " + len + " bytes, the first was "
                    + fixedLineLength + "; frame positions are inconsistent");
        }
        return line + len;
    }

    /**
     * Reads the raw planes (Y, then U, V unless mono) of frame {@code index} into {@code dst}:
     * one byte a sample, or two (little-endian) for bit depths above 8.
     */
    public void readPlanes(int index, byte[] dst, int offset) {
        file.read(dataPosition(index), dst, offset, (int) planeBytes, "frame " + index);
    }

    /** Bytes {@link #readPlanes} writes. */
    public int planeBytes() { return (int) planeBytes; }

    @Override
    public void readRgb(int index, byte[] dst, int offset) {
        int samples = depth > 8 ? (int) (planeBytes / 2) : (int) planeBytes;
        if (scratch == null) scratch = new byte[samples];
        if (depth == 8) {
            readPlanes(index, scratch, 0);
        } else {
            if (wide == null) wide = new byte[(int) planeBytes];
            readPlanes(index, wide, 0);
            narrow(wide, scratch, samples, depth);
        }
        int luma = width * height;
        if (mono) {
            converter.grayToRgb(scratch, 0, width, height, dst, offset);
        } else {
            int c = chromaWidth * chromaHeight;
            converter.toRgb(scratch, 0, luma, luma + c, width, height, chromaWidth, sx, sy, dst, offset);
        }
    }

    /**
     * Rounds {@code n} little-endian samples of {@code depth} bits to 8 bits, as a right shift
     * with rounding; values above the depth's range (a malformed file) saturate at 255.
     */
    static void narrow(byte[] wide, byte[] dst, int n, int depth) {
        int shift = depth - 8, half = 1 << (shift - 1);
        for (int i = 0; i < n; i++) {
            int v = (wide[2 * i] & 0xFF) | (wide[2 * i + 1] & 0xFF) << 8;
            dst[i] = (byte) Math.min(255, (v + half) >> shift);
        }
    }

    @Override
    public void close() { file.close(); }
}
