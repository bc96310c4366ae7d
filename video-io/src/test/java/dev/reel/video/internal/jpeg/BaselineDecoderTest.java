package dev.reel.video.internal.jpeg;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BaselineDecoderTest {
    @Test
    void probe() throws Exception {
        int[][][] layouts = {{{2, 2}, {1, 1}, {1, 1}}, {{1, 1}, {1, 1}, {1, 1}}, {{2, 1}, {1, 1}, {1, 1}}, {{4, 1}, {1, 1}, {1, 1}},
                             {{1, 2}, {1, 1}, {1, 1}}, {{1, 1}}, {{2, 2}, {1, 2}, {2, 1}}};
        int[][] sizes = {{1, 1}, {7, 9}, {17, 31}, {33, 65}, {321, 241}};
        BaselineDecoder d = new BaselineDecoder();
        for (int[][] layout : layouts) {
            for (int[] s : sizes) {
                for (float q : new float[] {0.3f, 0.75f, 0.95f}) {
                    int w = s[0], h = s[1];
                    byte[] rgb = JpegFixtures.picture(w, h, w * 31 + h);
                    byte[] jpeg = JpegFixtures.encode(rgb, w, h, q, layout, 3);
                    byte[] want = JpegFixtures.imageIo(jpeg);
                    byte[] got = new byte[w * h * 3];
                    assertTrue(d.decode(jpeg, jpeg.length, w, h, got, 0, 0));
                    int max = 0, diff = 0;
                    for (int i = 0; i < got.length; i++) {
                        int e = Math.abs((got[i] & 0xFF) - (want[i] & 0xFF));
                        max = Math.max(max, e);
                        if (e > 0) diff++;
                    }
                    System.out.printf("%s %dx%d q%.2f max %d differ %.4f%n", java.util.Arrays.deepToString(layout), w, h, q, max, diff / (double) got.length);
                }
            }
        }
    }
}
