package dev.reel.video;

import java.util.SplittableRandom;

/** Deterministic RGB24 test content: smooth gradients, a moving square and mild noise. */
final class TestFrames {
    private TestFrames() {}

    static byte[] frame(int w, int h, int t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 1000003L + t);
        byte[] f = new byte[w * h * 3];
        int sqX = (t * 3) % Math.max(1, w - 8), sqY = (t * 2) % Math.max(1, h - 8);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int r = 40 + x * 150 / w, g = 60 + y * 120 / h, b = 90 + (x + y + t * 4) % 64;
                if (x >= sqX && x < sqX + 8 && y >= sqY && y < sqY + 8) { r = 230; g = 40; b = 40; }
                f[p] = (byte) clamp(r + rnd.nextInt(-2, 3));
                f[p + 1] = (byte) clamp(g + rnd.nextInt(-2, 3));
                f[p + 2] = (byte) clamp(b + rnd.nextInt(-2, 3));
            }
        }
        return f;
    }

    static byte[] noise(int w, int h, long seed) {
        byte[] f = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(f);
        return f;
    }

    private static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    static double psnr(byte[] a, byte[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] & 0xFF) - (b[i] & 0xFF);
            se += d * d;
        }
        double mse = se / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static int maxAbsDiff(byte[] a, byte[] b) {
        int m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        return m;
    }
}
