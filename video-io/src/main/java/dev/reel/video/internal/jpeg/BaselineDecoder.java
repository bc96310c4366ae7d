package dev.reel.video.internal.jpeg;

import dev.reel.video.internal.JpegYcc;

/**
 * A pure-Java decoder for sequential (baseline and extended) Huffman-coded 8-bit JPEG frames
 * with one (gray) or three (Y'CbCr) components, any sampling factors from 1 to 4: the frames
 * MJPEG video is made of. Output is RGB24, interleaved or as three planes, written straight into
 * the caller's array. One instance per thread; every buffer is kept for the next frame, so a
 * stream of same-sized frames allocates nothing.
 *
 * <p>The pipeline: {@link FrameParser} (markers and tables) drives {@link ScanDecoder}
 * (Huffman decoding, dequantisation, {@link Idct}) into one plane per component; then, one
 * output row at a time, {@link Upsampler} brings subsampled chroma to full resolution and
 * {@link JpegYcc} converts to RGB. Frames of other kinds (progressive, arithmetic, 12-bit,
 * CMYK or RGB) are left to the caller: {@link #decode} returns false for them.
 *
 * <pre>{@code
 * BaselineDecoder d = new BaselineDecoder();
 * if (!d.decode(jpeg, jpeg.length, 320, 240, rgb, 0, 0)) { ... use another decoder ... }
 * }</pre>
 */
public final class BaselineDecoder {
    private final FrameParser parser = new FrameParser();
    private final Upsampler upsampler;
    private byte[] rowCb = new byte[0], rowCr = new byte[0], rowY = new byte[0];

    /** A decoder whose chroma upsampling is libjpeg's triangle filter (ImageIO's pixels). */
    public BaselineDecoder() { this(true); }

    /**
     * {@code fancyUpsampling}: 4:2:2 and 4:2:0 chroma through libjpeg's triangle filter, as
     * ImageIO, PIL and image libraries decode JPEG files; else replicated over each block, as
     * FFmpeg (and so OpenCV, torchvision's and decord's video readers) turns MJPEG video into RGB.
     */
    public BaselineDecoder(boolean fancyUpsampling) { this.upsampler = new Upsampler(fancyUpsampling); }

    /**
     * Decodes {@code data[0..length)}, a {@code w x h} JPEG, into {@code dst}: interleaved RGB24
     * at {@code dst[off..]} when {@code plane == 0}, else red, green and blue planes at
     * {@code off}, {@code off + plane}, {@code off + 2 * plane}.
     *
     * @return true when decoded; false (nothing written) when the frame is of a kind this
     *         decoder leaves to ImageIO
     * @throws JpegDataException when the data is damaged or breaks the format
     */
    public boolean decode(byte[] data, int length, int w, int h, byte[] dst, int off, int plane) throws JpegDataException {
        int colour = parser.parse(data, length, w, h);
        if (colour == FrameParser.OTHER) return false;
        if (rowCb.length < w + 160) {
            // room for the upsampler's full-width vector stores past the row's end
            rowCb = new byte[w + 160];
            rowCr = new byte[w + 160];
            rowY = new byte[w + 160];
        }
        Component[] c = parser.comps;
        int hMax = parser.hMax, vMax = parser.vMax;
        for (int y = 0; y < h; y++) {
            // Y' of this row: the plane itself when at full resolution
            Component luma = c[0];
            byte[] ya = luma.plane;
            int yo = y * luma.stride;
            if (luma.h != hMax || luma.v != vMax) {
                upsampler.row(luma, y, hMax / luma.h, vMax / luma.v, w, rowY);
                ya = rowY;
                yo = 0;
            }
            if (colour == FrameParser.GRAY) {
                gray(ya, yo, w, dst, off, plane, y);
                continue;
            }
            byte[] cba = chroma(c[1], y, hMax, vMax, w, rowCb), cra = chroma(c[2], y, hMax, vMax, w, rowCr);
            int cbo = cba == rowCb ? 0 : y * c[1].stride, cro = cra == rowCr ? 0 : y * c[2].stride;
            // The rows below this one are written later: vector stores may run into them.
            int room = (h - y) * w;
            if (plane == 0) JpegYcc.rowToRgb(ya, yo, cba, cbo, cra, cro, w, dst, off + 3 * y * w, room);
            else JpegYcc.rowToPlanes(ya, yo, cba, cbo, cra, cro, w, dst, off + y * w, plane, room);
        }
        return true;
    }

    /** Row {@code y} of a chroma component at full resolution: its plane, or {@code buf} filled by the upsampler. */
    private byte[] chroma(Component c, int y, int hMax, int vMax, int w, byte[] buf) {
        if (c.h == hMax && c.v == vMax) return c.plane;
        upsampler.row(c, y, hMax / c.h, vMax / c.v, w, buf);
        return buf;
    }

    private static void gray(byte[] ya, int yo, int w, byte[] dst, int off, int plane, int y) {
        if (plane == 0) {
            for (int x = 0, d = off + 3 * y * w; x < w; x++, d += 3) {
                byte g = ya[yo + x];
                dst[d] = g; dst[d + 1] = g; dst[d + 2] = g;
            }
        } else {
            for (int k = 0; k < 3; k++) System.arraycopy(ya, yo, dst, off + k * plane + y * w, w);
        }
    }
}
