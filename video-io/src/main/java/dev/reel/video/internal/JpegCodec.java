package dev.reel.video.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Baseline JPEG through the JDK's ImageIO codec, as used by MJPEG video. Encoding at quality
 * {@value #FULL_CHROMA_QUALITY} or more keeps chroma at full resolution (4:4:4), since 4:2:0
 * alone caps sharp colour edges near 36 dB PSNR. Decoding is {@link JpegDecoder}'s job; this
 * class holds the encoder and the header scans both use.
 *
 * <p>MJPEG frames written by many capture devices omit the Huffman tables (DHT segment) and rely
 * on the standard tables of JPEG Annex K.3; {@link #withHuffmanTables} splices those in so ImageIO
 * can decode such frames.
 */
public final class JpegCodec {
    private JpegCodec() {}

    /**
     * Encodes {@code w x h} RGB24 pixels at {@code src[off..]} as a baseline JPEG with the given
     * quality in (0, 1].
     */
    public static byte[] encode(byte[] src, int off, int w, int h, float quality) {
        BufferedImage img = RgbImages.fromRgb(src, off, w, h);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(w * h / 2 + 1024);
            try (ImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(
                        new javax.imageio.ImageTypeSpecifier(img), p);
                if (quality >= FULL_CHROMA_QUALITY) fullChroma(meta);
                writer.write(null, new IIOImage(img, null, meta), p);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * FFmpeg's name for the layout of a JPEG's components, read from its SOF header:
     * {@code yuvj420p}, {@code yuvj422p}, {@code yuvj444p}, {@code gray}, or {@code "jpeg"} when the
     * header is missing or unusual.
     */
    public static String pixelFormat(byte[] data, int length) {
        int i = 2;
        while (i + 4 <= length && (data[i] & 0xFF) == 0xFF) {
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) { i++; continue; }
            int segment = (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xC2 && i + 10 < length) {
                int n = data[i + 9] & 0xFF;
                if (n == 1) return "gray";
                if (n != 3 || i + 10 + 3 * n > length) return "jpeg";
                int h0 = (data[i + 11] & 0xFF) >> 4, v0 = data[i + 11] & 0x0F;
                int h1 = (data[i + 14] & 0xFF) >> 4, v1 = data[i + 14] & 0x0F;
                int h2 = (data[i + 17] & 0xFF) >> 4, v2 = data[i + 17] & 0x0F;
                // Only the ratios of luma to chroma factors matter (2x2 / 2x2 is also 4:4:4).
                if (h1 != h2 || v1 != v2 || h1 == 0 || v1 == 0) return "jpeg";
                if (h0 == 2 * h1 && v0 == 2 * v1) return "yuvj420p";
                if (h0 == 2 * h1 && v0 == v1) return "yuvj422p";
                if (h0 == h1 && v0 == v1) return "yuvj444p";
                return "jpeg";
            }
            if (marker == 0xDA) break;
            i += 2 + segment;
        }
        return "jpeg";
    }

    /** {@link #rawColour}: Y'CbCr in three components. */
    static final int YCC = 3;
    /** {@link #rawColour}: one gray component. */
    static final int GRAY = 1;
    /** {@link #rawColour}: anything else (RGB, CMYK, no markers to tell): ImageIO converts. */
    static final int OTHER = 0;

    /**
     * What the components of a JPEG hold, where the markers leave no doubt for libjpeg and the
     * JDK's reader alike: {@link #GRAY} for one component, {@link #YCC} for three with a JFIF or
     * Exif marker and no Adobe marker, or an Adobe marker saying transform 1 (YCbCr); else
     * {@link #OTHER} (the JDK guesses RGB for marker-less 4:4:4, Adobe transform 0 is RGB).
     */
    static int rawColour(byte[] data, int length) {
        boolean jfif = false, adobe = false;
        int transform = -1;
        int i = 2;
        while (i + 4 <= length && (data[i] & 0xFF) == 0xFF) {
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) { i++; continue; }
            int segment = (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
            if (marker == 0xE0 && startsWith(data, length, i + 4, "JFIF\0")) jfif = true;
            if (marker == 0xE1 && startsWith(data, length, i + 4, "Exif\0")) jfif = true;
            if (marker == 0xEE && startsWith(data, length, i + 4, "Adobe") && i + 15 < length) {
                adobe = true;
                transform = data[i + 15] & 0xFF;
            }
            if (marker >= 0xC0 && marker <= 0xC2 && i + 9 < length) {
                int n = data[i + 9] & 0xFF;
                if (n == 1) return GRAY;
                if (n != 3) return OTHER;
                return (jfif && !adobe) || (adobe && transform == 1) ? YCC : OTHER;
            }
            if (marker == 0xDA) break;
            i += 2 + segment;
        }
        return OTHER;
    }

    private static boolean startsWith(byte[] data, int length, int at, String s) {
        if (at + s.length() > length) return false;
        for (int k = 0; k < s.length(); k++) if (data[at + k] != s.charAt(k)) return false;
        return true;
    }

    /** From this quality up, chroma is stored at full resolution (4:4:4) rather than 4:2:0. */
    public static final float FULL_CHROMA_QUALITY = 0.9f;

    /** Sets every component's sampling factors to 1x1 in ImageIO's native JPEG metadata. */
    private static void fullChroma(javax.imageio.metadata.IIOMetadata meta) throws IOException {
        String format = "javax_imageio_jpeg_image_1.0";
        org.w3c.dom.Node root = meta.getAsTree(format);
        org.w3c.dom.NodeList specs = ((org.w3c.dom.Element) root).getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            org.w3c.dom.Element c = (org.w3c.dom.Element) specs.item(i);
            c.setAttribute("HsamplingFactor", "1");
            c.setAttribute("VsamplingFactor", "1");
        }
        meta.setFromTree(format, root);
    }

    /**
     * Returns {@code data} itself when it has a DHT segment before its first scan, else a copy
     * with the standard Huffman tables inserted before the scan.
     */
    static byte[] withHuffmanTables(byte[] data, int length) {
        int i = 2;
        while (i + 4 <= length) {
            if ((data[i] & 0xFF) != 0xFF) return data; // not a marker: let the decoder report it
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) { i++; continue; }  // fill byte
            if (marker == 0xC4) return data;         // DHT present
            if (marker == 0xDA) {                    // SOS without DHT before it
                byte[] out = new byte[length + STANDARD_DHT.length];
                System.arraycopy(data, 0, out, 0, i);
                System.arraycopy(STANDARD_DHT, 0, out, i, STANDARD_DHT.length);
                System.arraycopy(data, i, out, i + STANDARD_DHT.length, length - i);
                return out;
            }
            int segment = (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
            i += 2 + segment;
        }
        return data;
    }

    /** The DHT segment with the four standard tables of JPEG Annex K.3 (as in RFC 2435). */
    private static final byte[] STANDARD_DHT = dht();

    /** A copy of the DHT segment (marker included) holding the four standard tables of JPEG Annex K.3. */
    public static byte[] standardHuffmanSegment() { return STANDARD_DHT.clone(); }

    private static byte[] dht() {
        int[][] bits = {
            {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
            {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d},
            {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
            {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77}};
        int[][] vals = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
            {0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
             0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
             0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
             0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
             0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
             0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
             0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
             0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
             0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
             0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
             0xf9, 0xfa},
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
            {0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
             0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
             0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
             0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
             0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
             0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
             0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
             0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
             0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
             0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
             0xf9, 0xfa}};
        int[] classId = {0x00, 0x10, 0x01, 0x11};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int len = 2;
        for (int t = 0; t < 4; t++) len += 1 + 16 + vals[t].length;
        out.write(0xFF); out.write(0xC4); out.write(len >> 8); out.write(len & 0xFF);
        for (int t = 0; t < 4; t++) {
            out.write(classId[t]);
            for (int b : bits[t]) out.write(b);
            for (int v : vals[t]) out.write(v);
        }
        return out.toByteArray();
    }
}
