package dev.reel.video.internal;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The JPEG decoder against ImageIO's own RGB output (byte for byte), and the vector Y'CbCr
 * conversion against its scalar twin.
 */
class JpegDecoderTest {
    static byte[] pattern(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] f = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                // saturated colours and sharp edges push the conversion into its clamps
                boolean box = (x / 7 + y / 5) % 3 == 0;
                f[p] = (byte) (box ? 255 : x * 255 / w);
                f[p + 1] = (byte) (box ? 0 : y * 255 / h);
                f[p + 2] = (byte) rnd.nextInt(256);
            }
        }
        return f;
    }

    /** What ImageIO itself makes of a JPEG, as RGB24. */
    static byte[] imageIo(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
        RgbImages.toRgb(img, rgb, 0);
        return rgb;
    }

    static byte[] grayJpeg(int w, int h) throws IOException {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) g.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7 % 251);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(g, "jpeg", out);
        return out.toByteArray();
    }

    /** The same JPEG without its JFIF APP0 segment: the JDK then guesses the colour space. */
    static byte[] withoutJfif(byte[] jpeg) {
        assertEquals(0xE0, jpeg[3] & 0xFF, "APP0 follows SOI");
        int len = (jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF);
        byte[] out = new byte[jpeg.length - 2 - len];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(jpeg, 4 + len, out, 2, jpeg.length - 4 - len);
        return out;
    }

    /** The ImageIO path (kept for frames the Java decoder leaves to it) equals ImageIO's own RGB exactly. */
    @Test
    void decodesExactlyAsImageIoDoes() throws Exception {
        int w = 37, h = 29; // odd sizes: partial MCUs and a vector tail
        byte[] rgb = pattern(w, h, 1);
        byte[][] jpegs = {
            JpegCodec.encode(rgb, 0, w, h, 0.75f),  // 4:2:0 JFIF
            JpegCodec.encode(rgb, 0, w, h, 0.95f),  // 4:4:4 JFIF
            grayJpeg(w, h),
            withoutJfif(JpegCodec.encode(rgb, 0, w, h, 0.95f)),  // no markers: ImageIO's own conversion
        };
        int[] colours = {JpegCodec.YCC, JpegCodec.YCC, JpegCodec.GRAY, JpegCodec.OTHER};
        try (JpegDecoder d = new JpegDecoder(false, true); JpegDecoder java = new JpegDecoder(true, true)) {
            for (int k = 0; k < jpegs.length; k++) {
                byte[] jpeg = jpegs[k];
                assertEquals(colours[k], JpegCodec.rawColour(jpeg, jpeg.length), "case " + k);
                byte[] want = imageIo(jpeg);
                byte[] got = new byte[w * h * 3 + 4];
                Arrays.fill(got, (byte) 77);
                d.decode(jpeg, jpeg.length, w, h, got, 2);
                assertArrayEquals(want, Arrays.copyOfRange(got, 2, 2 + w * h * 3), "case " + k);
                assertEquals(77, got[1]);
                assertEquals(77, got[2 + w * h * 3]);
                // planes with a gap between them, as in a CTHW clip
                int plane = w * h + 5;
                byte[] planes = new byte[3 * plane];
                d.decodePlanar(jpeg, jpeg.length, w, h, planes, 0, plane);
                byte[] wantPlanes = new byte[3 * plane];
                RgbImages.toPlanes(want, w * h, wantPlanes, 0, plane);
                assertArrayEquals(wantPlanes, planes, "planar case " + k);
                // the default decoder: Java for baseline frames, within its IDCT tolerance (BaselineDecoderTest)
                byte[] fast = new byte[w * h * 3];
                java.decode(jpeg, jpeg.length, w, h, fast, 0);
                for (int i = 0; i < fast.length; i++) {
                    assertTrue(Math.abs((fast[i] & 0xFF) - (want[i] & 0xFF)) <= 3, "Java decoder, case " + k + " byte " + i);
                }
            }
        }
    }

    @Test
    void wrongSizeAndGarbageAreErrors() {
        byte[] jpeg = JpegCodec.encode(pattern(16, 8, 2), 0, 16, 8, 0.8f);
        try (JpegDecoder d = new JpegDecoder()) {
            var e = assertThrows(JpegDecoder.JpegException.class, () -> d.decode(jpeg, jpeg.length, 8, 8, new byte[8 * 8 * 3], 0));
            assertTrue(e.getMessage().contains("16x8"), e.getMessage());
            byte[] bad = jpeg.clone();
            for (int i = bad.length / 2; i < bad.length - 2; i++) bad[i] = (byte) (i * 37);
            assertThrows(JpegDecoder.JpegException.class, () -> d.decode(bad, bad.length, 16, 8, new byte[16 * 8 * 3], 0));
            // and the decoder still works after a failure
            assertDoesNotThrow(() -> d.decode(jpeg, jpeg.length, 16, 8, new byte[16 * 8 * 3], 0));
        }
    }

    @Test
    void vectorConversionMatchesScalarTwin() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 15, 16, 17, 21, 22, 63, 64, 65, 200, 1001}) {
            int src = rnd.nextInt(5);
            byte[] ycc = new byte[src + 3 * n + rnd.nextInt(3)];
            rnd.nextBytes(ycc);
            int d = rnd.nextInt(7);
            byte[] got = new byte[d + 3 * n + 70], want = got.clone();
            Arrays.fill(got, (byte) -1);
            Arrays.fill(want, (byte) -1);
            JpegYcc.toRgb(ycc, src, n, got, d);
            JpegYcc.toRgbScalar(ycc, src, n, want, d);
            assertArrayEquals(want, got, "rgb, n=" + n);
            int plane = n + 3;
            byte[] p = new byte[d + 3 * plane + 70], q = p.clone();
            JpegYcc.toPlanes(ycc, src, n, p, d, plane);
            JpegYcc.toPlanesScalar(ycc, src, n, q, d, plane);
            assertArrayEquals(q, p, "planes, n=" + n);
        }
    }

    @Test
    void rowConversionEqualsTheInterleavedOne() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int n : new int[] {1, 15, 16, 17, 33, 64, 65, 320, 321}) {
            byte[] y = new byte[n + 3], cb = new byte[n + 40], cr = new byte[n + 1];
            rnd.nextBytes(y);
            rnd.nextBytes(cb);
            rnd.nextBytes(cr);
            byte[] ycc = new byte[3 * n];
            for (int i = 0; i < n; i++) { ycc[3 * i] = y[2 + i]; ycc[3 * i + 1] = cb[1 + i]; ycc[3 * i + 2] = cr[i]; }
            byte[] want = new byte[3 * n + 2];
            JpegYcc.toRgbScalar(ycc, 0, n, want, 1);
            byte[] got = new byte[3 * n + 2];
            JpegYcc.rowToRgb(y, 2, cb, 1, cr, 0, n, got, 1, n);
            assertArrayEquals(want, got, "rgb, n=" + n);
            int plane = n + 5;
            byte[] wantPlanes = new byte[3 * plane + 1], gotPlanes = new byte[3 * plane + 1];
            JpegYcc.toPlanesScalar(ycc, 0, n, wantPlanes, 1, plane);
            JpegYcc.rowToPlanes(y, 2, cb, 1, cr, 0, n, gotPlanes, 1, plane, n);
            assertArrayEquals(wantPlanes, gotPlanes, "planes, n=" + n);
        }
    }

    @Test
    void scalarConversionFollowsTheJfifFormulas() {
        // Y'CbCr (full range) -> RGB: white, black, and pure primaries at JFIF's coordinates.
        int[][] cases = {{255, 128, 128, 255, 255, 255}, {0, 128, 128, 0, 0, 0}, {76, 85, 255, 254, 0, 0},
                         {150, 44, 21, 0, 255, 1}, {29, 255, 107, 0, 0, 254}};
        for (int[] c : cases) {
            byte[] out = new byte[3];
            JpegYcc.toRgbScalar(new byte[] {(byte) c[0], (byte) c[1], (byte) c[2]}, 0, 1, out, 0);
            for (int k = 0; k < 3; k++) assertEquals(c[3 + k], out[k] & 0xFF, Arrays.toString(c) + " channel " + k);
        }
    }
}
