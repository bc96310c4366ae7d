package dev.reel.video.internal.jpeg;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
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

    /** ImageIO's own RGB24 decoding of a JPEG (libjpeg 6b: islow IDCT, fancy upsampling). */
    static byte[] imageIo(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        int w = img.getWidth(), h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = img.getRGB(x, y), p = (y * w + x) * 3;
                rgb[p] = (byte) (c >> 16); rgb[p + 1] = (byte) (c >> 8); rgb[p + 2] = (byte) c;
            }
        }
        return rgb;
    }
}
