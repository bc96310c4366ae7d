package dev.reel.video.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

import dev.reel.video.internal.jpeg.BaselineDecoder;
import dev.reel.video.internal.jpeg.JpegDataException;

/**
 * Decodes JPEG frames to RGB24 or to RGB planes. One instance per thread. Baseline and extended
 * sequential Huffman frames, 8-bit gray or Y'CbCr (all MJPEG in practice), go through Reel's own
 * {@link BaselineDecoder}; the rest (progressive, arithmetic, 12-bit, RGB or CMYK) through the
 * JDK's ImageIO codec (libjpeg), with one ImageIO reader kept for all frames.
 *
 * <p>On the ImageIO path:
 * for Y'CbCr and gray JPEGs it asks ImageIO for the raw decoded
 * components ({@code readRaster}: no colour conversion, no {@code BufferedImage}) and converts
 * them itself ({@link JpegYcc}, the same fixed point as libjpeg, so the pixels equal ImageIO's own
 * RGB output) straight into the caller's array, interleaved or planar. Other colour layouts (RGB,
 * CMYK, no markers to tell) take ImageIO's own colour conversion into an image that is reused
 * between frames.
 *
 * <pre>{@code
 * JpegDecoder d = new JpegDecoder();
 * d.decode(jpeg, jpeg.length, 320, 240, rgb, 0);
 * d.close();
 * }</pre>
 */
public final class JpegDecoder implements AutoCloseable {
    /**
     * {@code -Dreel.video.jpeg=imageio} sends every frame through ImageIO (for comparisons);
     * the default decodes baseline frames in Java ({@link BaselineDecoder}).
     */
    static final boolean JAVA = !"imageio".equalsIgnoreCase(System.getProperty("reel.video.jpeg", "java"));

    /**
     * How MJPEG video's chroma is brought to full resolution by the pure-Java decoder:
     * {@code -Dreel.video.jpegChroma=replicate} (the default: FFmpeg's pixels, which OpenCV,
     * torchvision and decord give for the same video) or {@code fancy} (libjpeg's triangle
     * filter: ImageIO's and PIL's pixels).
     */
    static boolean fancyChroma() { return parseChroma(System.getProperty("reel.video.jpegChroma", "replicate")); }

    private static boolean parseChroma(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "replicate" -> false;
            case "fancy" -> true;
            default -> throw new IllegalArgumentException("-Dreel.video.jpegChroma=" + v + ": expected replicate or fancy");
        };
    }

    private final BaselineDecoder baseline;
    private ImageReader reader;
    private BufferedImage reuse;
    private byte[] rows;       // a non-contiguous raster's pixels, gathered
    private byte[] rgbScratch; // an ImageIO-converted frame on its way to planes

    /** A decoder that takes the pure-Java path where it can (unless {@code -Dreel.video.jpeg=imageio}). */
    public JpegDecoder() { this(JAVA, fancyChroma()); }

    /** {@code java == false}: every frame through ImageIO; else libjpeg's chroma filter when {@code fancy}. */
    JpegDecoder(boolean java, boolean fancy) { baseline = java ? new BaselineDecoder(fancy) : null; }

    /** Thrown when JPEG data cannot be decoded; the message says why. */
    public static final class JpegException extends Exception {
        JpegException(String message, Throwable cause) { super(message, cause); }
    }

    /** Decodes {@code data[0..length)}, a {@code w x h} JPEG, into RGB24 at {@code dst[off..]}. */
    public void decode(byte[] data, int length, int w, int h, byte[] dst, int off) throws JpegException {
        decode(data, length, w, h, dst, off, 0);
    }

    /**
     * Decodes {@code data[0..length)}, a {@code w x h} JPEG, into three planes of {@code w * h}
     * bytes: red at {@code dst[off..]}, green at {@code dst[off + plane..]}, blue at
     * {@code dst[off + 2 * plane..]}.
     */
    public void decodePlanar(byte[] data, int length, int w, int h, byte[] dst, int off, int plane) throws JpegException {
        if (plane < w * h) throw new IllegalArgumentException("decodePlanar: plane stride " + plane + " < " + w + "x" + h);
        decode(data, length, w, h, dst, off, plane);
    }

    /** {@code plane == 0}: interleaved RGB24; else planes {@code plane} bytes apart. */
    private void decode(byte[] data, int length, int w, int h, byte[] dst, int off, int plane) throws JpegException {
        if (baseline != null) {
            try {
                if (baseline.decode(data, length, w, h, dst, off, plane)) return;
            } catch (JpegDataException e) {
                throw new JpegException("bad JPEG data: " + e.getMessage(), e);
            }
        }
        byte[] jpeg = JpegCodec.withHuffmanTables(data, length);
        int len = jpeg == data ? length : jpeg.length;
        if (reader == null) {
            Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
            if (!it.hasNext()) throw new IllegalStateException("the JDK has no JPEG ImageReader");
            reader = it.next();
        }
        int colour = JpegCodec.rawColour(jpeg, len);
        String[] warning = {null};
        try {
            reader.setInput(new BytesImageInputStream(jpeg, len), true, true);
            // libjpeg reports damaged data ("premature end of data segment") as a warning and
            // fills in grey; a video frame like that is an error the caller should see.
            reader.addIIOReadWarningListener((source, message) -> { if (warning[0] == null) warning[0] = message; });
            int iw = reader.getWidth(0), ih = reader.getHeight(0);
            if (iw != w || ih != h) {
                throw new JpegException("JPEG frame is " + iw + "x" + ih + ", the stream says " + w + "x" + h, null);
            }
            if (colour == JpegCodec.OTHER) {
                BufferedImage img = readImage(w, h);
                if (warning[0] == null) {
                    reuse = img;
                    toTarget(img, w, h, dst, off, plane);
                }
            } else {
                Raster raster = reader.readRaster(0, null);
                if (warning[0] == null) convert(raster, colour, w, h, dst, off, plane);
            }
        } catch (IOException | RuntimeException e) {
            throw new JpegException("JPEG data could not be decoded: " + e.getMessage(), e);
        } finally {
            reader.reset(); // also drops the warning listener
        }
        if (warning[0] != null) throw new JpegException("damaged JPEG data: " + warning[0], null);
    }

    /** ImageIO's colour-converted image, into the previous frame's image when the layout allows. */
    private BufferedImage readImage(int w, int h) throws IOException {
        ImageReadParam p = reader.getDefaultReadParam();
        if (reuse != null && reuse.getWidth() == w && reuse.getHeight() == h) {
            p.setDestination(reuse);
            try {
                return reader.read(0, p);
            } catch (IllegalArgumentException | IIOException mismatch) {
                // ImageIO refuses a destination whose colour layout differs: decode without it.
                p.setDestination(null);
            }
        }
        return reader.read(0, p);
    }

    private void toTarget(BufferedImage img, int w, int h, byte[] dst, int off, int plane) {
        if (plane == 0) {
            RgbImages.toRgb(img, dst, off);
            return;
        }
        int n = w * h;
        if (rgbScratch == null || rgbScratch.length < 3 * n) rgbScratch = new byte[3 * n];
        RgbImages.toRgb(img, rgbScratch, 0);
        RgbImages.toPlanes(rgbScratch, n, dst, off, plane);
    }

    /** Raw Y'CbCr (3 bands) or gray (1 band) samples to RGB. */
    private void convert(Raster raster, int colour, int w, int h, byte[] dst, int off, int plane) {
        int bands = colour == JpegCodec.YCC ? 3 : 1;
        if (raster.getNumBands() != bands || raster.getWidth() != w || raster.getHeight() != h) {
            throw new IllegalStateException("ImageIO returned a " + raster.getWidth() + "x" + raster.getHeight() + " raster of "
                    + raster.getNumBands() + " bands for a " + w + "x" + h + " JPEG of " + bands);
        }
        byte[] px = contiguous(raster, bands, w, h);
        int n = w * h;
        if (bands == 3) {
            if (plane == 0) JpegYcc.toRgb(px, 0, n, dst, off);
            else JpegYcc.toPlanes(px, 0, n, dst, off, plane);
        } else if (plane == 0) {
            for (int i = 0, d = off; i < n; i++, d += 3) {
                byte g = px[i];
                dst[d] = g; dst[d + 1] = g; dst[d + 2] = g;
            }
        } else {
            for (int c = 0; c < 3; c++) System.arraycopy(px, 0, dst, off + c * plane, n);
        }
    }

    /**
     * The raster's samples as one array of {@code w * h * bands} bytes, pixel after pixel:
     * its own array when it is laid out so (as ImageIO's JPEG reader makes it), else gathered.
     */
    private byte[] contiguous(Raster raster, int bands, int w, int h) {
        if (raster.getDataBuffer() instanceof DataBufferByte buf && buf.getNumBanks() == 1 && buf.getOffset() == 0
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getPixelStride() == bands && sm.getScanlineStride() == w * bands
                && Arrays.equals(sm.getBandOffsets(), bands == 3 ? new int[] {0, 1, 2} : new int[] {0})
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            return buf.getData();
        }
        int n = w * h * bands;
        if (rows == null || rows.length < n) rows = new byte[n];
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int i = 0; i < row.length; i++) rows[y * w * bands + i] = (byte) row[i];
        }
        return rows;
    }

    @Override
    public void close() {
        if (reader != null) reader.dispose();
        reader = null;
    }
}
