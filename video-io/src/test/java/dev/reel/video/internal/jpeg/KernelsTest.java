package dev.reel.video.internal.jpeg;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The decoder's vector kernels against their scalar twins, and the IDCT against an exact transform. */
class KernelsTest {
    /** A block with {@code nonZero} random dequantised coefficients of magnitude up to {@code max}. */
    static float[] block(SplittableRandom rnd, int nonZero, int max, int[] masks) {
        float[] b = new float[64];
        int rows = 1, cols = 1;
        b[0] = rnd.nextInt(-1024, 1024);
        for (int i = 0; i < nonZero; i++) {
            int n = rnd.nextInt(64);
            b[n] = rnd.nextInt(-max, max + 1);
            rows |= 1 << (n >> 3);
            cols |= 1 << (n & 7);
        }
        masks[0] = rows;
        masks[1] = cols;
        return b;
    }

    /** JPEG A.3.3 in double precision, level-shifted and rounded: what an exact decoder writes. */
    static int exact(float[] f, int y, int x) {
        double s = 0;
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                double cu = u == 0 ? Math.sqrt(0.5) : 1, cv = v == 0 ? Math.sqrt(0.5) : 1;
                s += cu * cv / 4 * f[u * 8 + v] * Math.cos((2 * y + 1) * u * Math.PI / 16) * Math.cos((2 * x + 1) * v * Math.PI / 16);
            }
        }
        return (int) Math.max(0, Math.min(255, Math.floor(s + 128.5)));
    }

    @Test
    void idctEqualsItsScalarTwinAndIsWithinOneLevelOfExact() {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] ws = new float[128];
        int[] masks = new int[2];
        int off = 0;
        for (int t = 0; t < 3000; t++) {
            float[] b = block(rnd, t % 40, t % 3 == 0 ? 2000 : 60, masks);
            float[] copy = b.clone();
            int stride = 8 + rnd.nextInt(9);
            byte[] fast = new byte[8 * stride + 3], slow = new byte[8 * stride + 3];
            Idct.transform(b, masks[0], masks[1], ws, fast, 1, stride);
            Idct.scalar(copy.clone(), masks[0], masks[1], ws, slow, 1, stride);
            for (int i = 0; i < 64; i++) assertEquals(0f, b[i], "block cleared for the next one");
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int got = fast[1 + y * stride + x] & 0xFF;
                    assertEquals(slow[1 + y * stride + x] & 0xFF, got, "vector vs scalar, trial " + t);
                    int e = Math.abs(got - exact(copy, y, x));
                    assertTrue(e <= 1, "trial " + t + " sample " + y + "," + x + " off by " + e);
                    if (e != 0) off++;
                }
            }
            assertEquals(0, fast[0]);
        }
        assertTrue(off < 3000 * 64 / 100, "samples not exactly rounded: " + off);
    }

    @Test
    void dcOnlyBlocksRoundAsLibjpeg() {
        float[] ws = new float[128];
        byte[] out = new byte[64];
        for (int dc = -1100; dc <= 1100; dc++) {
            float[] b = new float[64];
            b[0] = dc;
            Idct.transform(b, 1, 1, ws, out, 0, 8);
            int want = Math.max(0, Math.min(255, ((dc + 4) >> 3) + 128));  // libjpeg's DESCALE
            for (int i = 0; i < 64; i++) assertEquals(want, out[i] & 0xFF, "DC " + dc);
        }
    }

    @Test
    void upsamplerEqualsLibjpegsLoops() {
        SplittableRandom rnd = new SplittableRandom(2);
        Upsampler up = new Upsampler();
        for (int n : new int[] {3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 161}) {
            for (int v = 1; v <= 2; v++) {
                Component c = new Component();
                c.h = 1;
                c.v = 1;
                c.width = n;
                c.height = 5;
                c.layout((n + 7) / 8, 1);
                rnd.nextBytes(c.plane);
                int width = 2 * n - rnd.nextInt(2);
                for (int y = 0; y < (v == 2 ? 2 * c.height - 1 : c.height); y++) {
                    byte[] got = new byte[width + 160], want = new byte[2 * n];
                    up.row(c, y, 2, v, width, got);
                    int r = y / v, at = r * c.stride;
                    if (v == 1) {
                        Upsampler.h2v1(c.plane, at, n, want);
                    } else {
                        int other = (y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, c.height - 1);
                        Upsampler.h2v2(c.plane, at, other * c.stride, n, want);
                    }
                    for (int x = 0; x < width; x++) assertEquals(want[x], got[x], "n=" + n + " v=" + v + " y=" + y + " x=" + x);
                }
            }
        }
    }
}
