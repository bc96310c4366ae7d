package dev.reel.video.internal.jpeg;

import dev.reel.video.internal.JpegCodec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pure-Java decoder against ImageIO's decoding (libjpeg 6b) of the same frames: every
 * sampling layout, sizes that are not multiples of the MCU, several qualities, with and without
 * restart intervals, interleaved RGB24 and planes.
 *
 * <p>Tolerance: libjpeg's integer IDCT ("islow") and this decoder's float IDCT round at
 * different steps, so a sample may differ by one level (the IDCT test below checks that bound
 * against an exact transform); Y'CbCr -> RGB multiplies a chroma difference by up to 1.772, so
 * one level in Y' plus one in Cb can move blue by up to 3. Upsampling and the colour conversion
 * are libjpeg's own integer formulas, so nothing else adds. Beyond the bound, the test asks that
 * differences be rare and small on average (at most 6 % of the bytes, mean below 0.06).
 */
class BaselineDecoderTest {
    static final int[][][] LAYOUTS = {
        {{2, 2}, {1, 1}, {1, 1}},   // 4:2:0
        {{2, 1}, {1, 1}, {1, 1}},   // 4:2:2
        {{1, 1}, {1, 1}, {1, 1}},   // 4:4:4
        {{4, 1}, {1, 1}, {1, 1}},   // 4:1:1
        {{1, 2}, {1, 1}, {1, 1}},   // 4:4:0
        {{2, 2}, {1, 2}, {2, 1}},   // mixed chroma factors
        {{4, 1}, {2, 1}, {1, 1}},   // factors up to 4, different per component
        {{1, 4}, {1, 2}, {1, 1}},
        {{1, 1}},                   // gray
    };
    static final int[][] SIZES = {{1, 1}, {7, 9}, {17, 31}, {33, 65}, {321, 241}};

    @Test
    void matchesImageIoWithinOneIdctLevel() throws Exception {
        BaselineDecoder d = new BaselineDecoder();
        long differing = 0, total = 0, absSum = 0;
        for (int[][] layout : LAYOUTS) {
            for (int[] s : SIZES) {
                for (float q : new float[] {0.3f, 0.75f, 0.97f}) {
                    for (int restart : new int[] {0, 3}) {
                        int w = s[0], h = s[1];
                        String what = Arrays.deepToString(layout) + " " + w + "x" + h + " q" + q + " restart " + restart;
                        byte[] jpeg = JpegFixtures.encode(JpegFixtures.picture(w, h, w * 31L + h), w, h, q, layout, restart);
                        if (restart > 0 && w > 300) assertTrue(JpegFixtures.countRestartMarkers(jpeg) > 0, what);
                        byte[] want = JpegFixtures.imageIo(jpeg);
                        byte[] got = new byte[w * h * 3 + 2];
                        Arrays.fill(got, (byte) 99);
                        assertTrue(d.decode(jpeg, jpeg.length, w, h, got, 1, 0), what);
                        assertEquals(99, got[0], what);
                        assertEquals(99, got[got.length - 1], what + ": wrote past the frame");
                        for (int i = 0; i < want.length; i++) {
                            int e = Math.abs((got[1 + i] & 0xFF) - (want[i] & 0xFF));
                            assertTrue(e <= 3, what + ": byte " + i + " differs by " + e);
                            if (e > 0) differing++;
                            absSum += e;
                        }
                        total += want.length;
                        // planes, with a gap between them as in a CTHW clip: the same pixels
                        int plane = w * h + 3;
                        byte[] planes = new byte[3 * plane];
                        assertTrue(d.decode(jpeg, jpeg.length, w, h, planes, 0, plane), what);
                        for (int p = 0; p < w * h; p++) {
                            for (int c = 0; c < 3; c++) assertEquals(got[1 + 3 * p + c], planes[c * plane + p], what + " planar pixel " + p);
                        }
                        for (int c = 0; c < 3; c++) {
                            for (int g = w * h; g < plane; g++) assertEquals(0, planes[c * plane + g], what + ": wrote into the gap");
                        }
                    }
                }
            }
        }
        double share = differing / (double) total, mean = absSum / (double) total;
        System.out.printf("against ImageIO: %.2f %% of bytes differ, mean |difference| %.4f%n", 100 * share, mean);
        assertTrue(share < 0.06, "share of differing bytes " + share);
        assertTrue(mean < 0.06, "mean difference " + mean);
    }

    @Test
    void decodesFramesWithoutHuffmanTablesWithTheStandardOnes() throws Exception {
        int w = 48, h = 32;
        byte[] jpeg = JpegCodec.encode(JpegFixtures.picture(w, h, 5), 0, w, h, 0.8f);
        byte[] stripped = JpegFixtures.withoutSegments(jpeg, 0xC4);
        assertTrue(stripped.length < jpeg.length);
        BaselineDecoder d = new BaselineDecoder();
        byte[] a = new byte[w * h * 3], b = new byte[w * h * 3];
        assertTrue(d.decode(jpeg, jpeg.length, w, h, a, 0, 0));
        // ImageIO's encoder writes the standard tables: the frame without them decodes the same
        assertTrue(d.decode(stripped, stripped.length, w, h, b, 0, 0));
        assertArrayEquals(a, b);
    }

    @Test
    void leavesOtherKindsOfFrameToImageIo() throws Exception {
        int w = 16, h = 16;
        byte[] jpeg = JpegCodec.encode(JpegFixtures.picture(w, h, 6), 0, w, h, 0.8f);
        BaselineDecoder d = new BaselineDecoder();
        byte[] out = new byte[w * h * 3];
        // progressive SOF2, 12-bit precision, no JFIF marker (colour space in doubt)
        byte[] progressive = jpeg.clone();
        progressive[JpegFixtures.segment(jpeg, 0xC0) + 1] = (byte) 0xC2;
        assertFalse(d.decode(progressive, progressive.length, w, h, out, 0, 0));
        byte[] twelveBit = jpeg.clone();
        twelveBit[JpegFixtures.segment(jpeg, 0xC0) + 4] = 12;
        assertFalse(d.decode(twelveBit, twelveBit.length, w, h, out, 0, 0));
        byte[] noJfif = JpegFixtures.withoutSegments(jpeg, 0xE0);
        assertFalse(d.decode(noJfif, noJfif.length, w, h, out, 0, 0));
        assertArrayEquals(new byte[w * h * 3], out, "nothing written");
    }

    @Test
    void reusesItsBuffersAcrossFramesOfDifferentSizes() throws Exception {
        BaselineDecoder d = new BaselineDecoder();
        for (int[] s : new int[][] {{64, 48}, {8, 8}, {100, 30}, {64, 48}}) {
            int w = s[0], h = s[1];
            byte[] jpeg = JpegFixtures.encode(JpegFixtures.picture(w, h, w), w, h, 0.8f, LAYOUTS[0], 0);
            byte[] got = new byte[w * h * 3];
            assertTrue(d.decode(jpeg, jpeg.length, w, h, got, 0, 0));
            byte[] want = JpegFixtures.imageIo(jpeg);
            for (int i = 0; i < got.length; i++) assertTrue(Math.abs((got[i] & 0xFF) - (want[i] & 0xFF)) <= 3, w + "x" + h + " byte " + i);
        }
    }
}
