package dev.reel.video.internal;

import dev.reel.video.YuvMatrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The vector YUV -> RGB loop against its scalar twin, and the twin against the BT.601/709 formulas. */
class YuvConverterTest {
    @Test
    void vectorEqualsScalarForEverySubsampling() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (YuvMatrix m : new YuvMatrix[] {YuvMatrix.BT601, YuvMatrix.BT709}) {
            for (boolean full : new boolean[] {false, true}) {
                YuvConverter c = new YuvConverter(m, full);
                for (int[] s : new int[][] {{0, 0}, {1, 0}, {1, 1}}) {
                    for (int[] size : new int[][] {{1, 1}, {7, 5}, {16, 2}, {17, 3}, {33, 9}, {320, 4}, {321, 5}}) {
                        int w = size[0], h = size[1], sx = s[0], sy = s[1];
                        int cw = (w + (1 << sx) - 1) >> sx, ch = (h + (1 << sy) - 1) >> sy;
                        byte[] src = new byte[3 + w * h + 2 * cw * ch];
                        rnd.nextBytes(src);
                        int u = 3 + w * h, v = u + cw * ch;
                        byte[] fast = new byte[2 + 3 * w * h + 70], slow = new byte[fast.length];
                        Arrays.fill(fast, (byte) 5);
                        Arrays.fill(slow, (byte) 5);
                        c.toRgb(src, 3, u, v, w, h, cw, sx, sy, fast, 2, true);
                        c.toRgb(src, 3, u, v, w, h, cw, sx, sy, slow, 2, false);
                        assertArrayEquals(slow, fast, m + " full " + full + " " + w + "x" + h + " sx " + sx + " sy " + sy);
                    }
                }
            }
        }
    }

    @Test
    void scalarFollowsTheFormulas() {
        // BT.601 limited range: Y 16 is black, 235 white; Y 81, U 90, V 240 is red (255, 0, 0) within a level.
        YuvConverter c = new YuvConverter(YuvMatrix.BT601, false);
        int[][] cases = {{16, 128, 128, 0, 0, 0}, {235, 128, 128, 255, 255, 255}, {81, 90, 240, 255, 0, 0}, {145, 54, 34, 0, 255, 0}};
        for (int[] k : cases) {
            byte[] src = {(byte) k[0], (byte) k[1], (byte) k[2]};
            byte[] out = new byte[3];
            c.toRgb(src, 0, 1, 2, 1, 1, 1, 0, 0, out, 0, false);
            for (int i = 0; i < 3; i++) assertTrue(Math.abs((out[i] & 0xFF) - k[3 + i]) <= 1, Arrays.toString(k) + " channel " + i + ": " + (out[i] & 0xFF));
        }
    }
}
