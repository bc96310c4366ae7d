package dev.reel.video.internal.jpeg;

/**
 * Brings a subsampled component to full resolution one output row at a time, as libjpeg 6b
 * (the JDK's ImageIO) does, so that frames match ImageIO's: 2x horizontal (4:2:2) and 2x2
 * (4:2:0) use its "fancy" triangle filter (each output sample 3/4 of the nearer input sample
 * and 1/4 of the next, with libjpeg's alternating rounding bias), other integral ratios
 * (4:1:1, 1x2, 4x...) replicate samples (box). Edges repeat the last real sample or row of
 * the component, as libjpeg's context rows do. Components narrower than 3 samples are
 * replicated too (libjpeg's rule).
 */
final class Upsampler {
    private Upsampler() {}

    /**
     * Writes output row {@code y} (0-based, full resolution) of {@code c}, {@code width} samples,
     * into {@code out[0..]}; {@code hr, vr} are the factors hMax / h and vMax / v.
     */
    static void row(Component c, int y, int hr, int vr, int width, byte[] out) {
        byte[] in = c.plane;
        int stride = c.stride;
        boolean fancy = c.width > 2 && hr == 2 && vr <= 2;
        if (fancy && vr == 1) {
            h2v1(in, y * stride, c.width, out);
        } else if (fancy) {
            int r = y >> 1;
            // The nearer neighbour row: above for even output rows, below for odd ones.
            int other = (y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, c.height - 1);
            h2v2(in, r * stride, other * stride, c.width, out);
        } else {
            box(in, Math.min(y / vr, c.height - 1) * stride, hr, width, out);
        }
    }

    /** libjpeg's {@code h2v1_fancy_upsample}: out[2x] = (3 in[x] + in[x-1] + 1) / 4, out[2x+1] = (3 in[x] + in[x+1] + 2) / 4. */
    private static void h2v1(byte[] in, int at, int n, byte[] out) {
        int prev = in[at] & 0xFF, cur = prev;
        for (int x = 0; x < n; x++) {
            int next = x + 1 < n ? in[at + x + 1] & 0xFF : cur;
            int c3 = 3 * cur;
            out[2 * x] = (byte) ((c3 + prev + 1) >> 2);
            out[2 * x + 1] = (byte) ((c3 + next + 2) >> 2);
            prev = cur;
            cur = next;
        }
    }

    /**
     * libjpeg's {@code h2v2_fancy_upsample}: vertical 3:1 sums of the row and its nearer
     * neighbour, then the same 3:1 horizontally, rounding with +8 / +7 alternately.
     */
    private static void h2v2(byte[] in, int at, int otherAt, int n, byte[] out) {
        int cur = 3 * (in[at] & 0xFF) + (in[otherAt] & 0xFF), prev = cur;
        for (int x = 0; x < n; x++) {
            int next = x + 1 < n ? 3 * (in[at + x + 1] & 0xFF) + (in[otherAt + x + 1] & 0xFF) : cur;
            int c3 = 3 * cur;
            out[2 * x] = (byte) ((c3 + prev + 8) >> 4);
            out[2 * x + 1] = (byte) ((c3 + next + 7) >> 4);
            prev = cur;
            cur = next;
        }
    }

    /** Each input sample repeated {@code hr} times. */
    private static void box(byte[] in, int at, int hr, int width, byte[] out) {
        for (int x = 0; x < width; x++) out[x] = in[at + x / hr];
    }
}
