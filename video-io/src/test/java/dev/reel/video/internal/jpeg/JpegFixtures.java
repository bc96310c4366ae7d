package dev.reel.video.internal.jpeg;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import java.awt.image.Raster;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** JPEG frames made with ImageIO's encoder for the decoder tests: any sampling, quality, restart interval. */
final class JpegFixtures {
    private JpegFixtures() {}

    /** A picture with smooth gradients, sharp saturated edges and noise, in RGB24. */
    static byte[] picture(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] f = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                boolean box = (x / 7 + y / 5) % 3 == 0;
                f[p] = (byte) (box ? 255 : x * 255 / Math.max(1, w - 1));
                f[p + 1] = (byte) (box ? 0 : (y * 255 / Math.max(1, h - 1) + rnd.nextInt(40)));
                f[p + 2] = (byte) ((x * y + rnd.nextInt(64)) & 0xFF);
            }
        }
        return f;
    }

    /**
     * Encodes RGB24 as a JFIF JPEG whose components have the given sampling factors
     * ({@code {{hY, vY}, {hCb, vCb}, {hCr, vCr}}}, or one pair for gray) and restart interval
     * (0: none).
     */
    static byte[] encode(byte[] rgb, int w, int h, float quality, int[][] sampling, int restartInterval) throws IOException {
        BufferedImage img;
        if (sampling.length == 1) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] g = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < w * h; i++) g[i] = rgb[3 * i + 1];
        } else {
            img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < w * h; i++) {
                bgr[3 * i] = rgb[3 * i + 2]; bgr[3 * i + 1] = rgb[3 * i + 1]; bgr[3 * i + 2] = rgb[3 * i];
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), p);
                String format = "javax_imageio_jpeg_image_1.0";
                Node root = meta.getAsTree(format);
                NodeList specs = ((Element) root).getElementsByTagName("componentSpec");
                for (int i = 0; i < specs.getLength(); i++) {
                    Element c = (Element) specs.item(i);
                    c.setAttribute("HsamplingFactor", Integer.toString(sampling[i][0]));
                    c.setAttribute("VsamplingFactor", Integer.toString(sampling[i][1]));
                }
                if (restartInterval > 0) {
                    Element seq = (Element) ((Element) root).getElementsByTagName("markerSequence").item(0);
                    Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
                    dri.setAttribute("interval", Integer.toString(restartInterval));
                    seq.insertBefore(dri, seq.getFirstChild());
                }
                meta.setFromTree(format, root);
                writer.write(null, new IIOImage(img, null, meta), p);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /**
     * ImageIO's decoding of a JPEG (libjpeg 6b: islow IDCT, fancy upsampling) as RGB24: its raw
     * Y'CbCr or gray samples ({@code readRaster}) through libjpeg's own colour formulas, which
     * equal ImageIO's RGB images byte for byte (JpegDecoderTest); a gray image's {@code getRGB}
     * would apply a gamma curve instead.
     */
    static byte[] imageIo(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try {
            reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)));
            Raster r = reader.readRaster(0, null);
            int w = r.getWidth(), h = r.getHeight(), bands = r.getNumBands();
            int[] px = r.getPixels(0, 0, w, h, (int[]) null);
            byte[] rgb = new byte[w * h * 3];
            if (bands == 1) {
                for (int i = 0; i < w * h; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) px[i];
                return rgb;
            }
            byte[] ycc = new byte[px.length];
            for (int i = 0; i < px.length; i++) ycc[i] = (byte) px[i];
            dev.reel.video.internal.JpegYcc.toRgb(ycc, 0, w * h, rgb, 0);
            return rgb;
        } finally {
            reader.dispose();
        }
    }

    /** Offset of the first marker {@code FF marker} before the first scan, or -1. */
    static int segment(byte[] jpeg, int marker) {
        int p = 2;
        while (p + 4 <= jpeg.length) {
            int m = jpeg[p + 1] & 0xFF;
            if (m == marker) return p;
            if (m == 0xDA) return -1;
            p += 2 + ((jpeg[p + 2] & 0xFF) << 8 | (jpeg[p + 3] & 0xFF));
        }
        return -1;
    }

    /** The JPEG without any of its segments with this marker (before the first scan). */
    static byte[] withoutSegments(byte[] jpeg, int marker) {
        byte[] b = jpeg;
        for (int at; (at = segment(b, marker)) >= 0; ) {
            int len = 2 + ((b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF));
            byte[] out = new byte[b.length - len];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + len, out, at, b.length - at - len);
            b = out;
        }
        return b;
    }

    /** The number of RSTn markers in the JPEG. */
    static int countRestartMarkers(byte[] jpeg) {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xF8) == 0xD0) n++;
        }
        return n;
    }
}
