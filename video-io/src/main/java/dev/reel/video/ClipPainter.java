package dev.reel.video;

import dev.reel.video.internal.PhiloxStream;

/**
 * Paints one moving-shapes clip: a smooth random texture, one large shape in straight-line motion,
 * small distractors on random walks, and per-frame Gaussian noise. Shapes are drawn from signed
 * distance functions with one pixel of anti-aliasing, so sub-pixel motion is visible.
 */
final class ClipPainter {
    private final SyntheticVideos.Config c;
    private final PhiloxStream rnd;
    private final int shape, direction;

    /** Standard normal quantiles at (i + 0.5) / 4096: sampling an index uniformly draws N(0, 1) to 12 bits. */
    private static final float[] GAUSS = new float[4096];

    static {
        for (int i = 0; i < GAUSS.length; i++) GAUSS[i] = (float) inverseNormal((i + 0.5) / GAUSS.length);
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -inverseNormal(1 - p);
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    ClipPainter(SyntheticVideos.Config c, PhiloxStream rnd, int shape, int direction) {
        this.c = c;
        this.rnd = rnd;
        this.shape = shape;
        this.direction = direction;
    }

    /** A shape's state; positions in pixels. */
    private static final class Sprite {
        int shape;
        double x, y, vx, vy, r;
        float[] colour = new float[3];
    }

    /** Paints the clip into {@code dst[offset..]}; returns the target's centre (x, y) in each frame. */
    double[] paint(byte[] dst, int offset) {
        int h = c.height(), w = c.width(), t = c.frames();
        float[] texture = texture(h, w);
        int small = Math.min(h, w);

        // The target: radius 12-16 % of the frame, speed so it travels 35-60 % of the frame.
        Sprite target = new Sprite();
        target.shape = shape;
        target.r = small * (0.12 + 0.04 * rnd.nextDouble());
        double along = (direction < 2 ? w : h) * (0.35 + 0.25 * rnd.nextDouble()) / (t - 1);
        double dx = direction == 0 ? -along : direction == 1 ? along : 0;
        double dy = direction == 2 ? -along : direction == 3 ? along : 0;
        target.vx = dx;
        target.vy = dy;
        target.x = start(w, target.r, dx * (t - 1));
        target.y = start(h, target.r, dy * (t - 1));
        brightColour(target.colour);

        Sprite[] distractors = new Sprite[c.distractors()];
        for (int i = 0; i < distractors.length; i++) {
            Sprite d = new Sprite();
            d.shape = rnd.nextInt(SyntheticVideos.SHAPES.size());
            d.r = small * (0.04 + 0.03 * rnd.nextDouble());
            d.x = d.r + rnd.nextDouble() * (w - 2 * d.r);
            d.y = d.r + rnd.nextDouble() * (h - 2 * d.r);
            brightColour(d.colour);
            distractors[i] = d;
        }

        double[] path = new double[2 * t];
        float[] frame = new float[h * w * 3];
        int frameBytes = h * w * 3;
        for (int f = 0; f < t; f++) {
            System.arraycopy(texture, 0, frame, 0, frame.length);
            for (Sprite d : distractors) {
                draw(frame, h, w, d);
                // A random walk with momentum: distractors move, but in no consistent direction.
                d.vx = 0.7 * d.vx + rnd.nextGaussian() * small * 0.02;
                d.vy = 0.7 * d.vy + rnd.nextGaussian() * small * 0.02;
                d.x = Math.clamp(d.x + d.vx, d.r, w - d.r);
                d.y = Math.clamp(d.y + d.vy, d.r, h - d.r);
            }
            draw(frame, h, w, target);
            path[2 * f] = target.x;
            path[2 * f + 1] = target.y;
            target.x += target.vx;
            target.y += target.vy;
            int o = offset + f * frameBytes;
            float sigma = (float) c.noise();
            // Five 12-bit table indices from each random long: Gaussian noise for a few ns a pixel.
            long bits = 0;
            for (int i = 0; i < frame.length; i++) {
                if (i % 5 == 0) bits = rnd.nextLong();
                float v = frame[i] + sigma * GAUSS[(int) (bits & 4095)];
                bits >>>= 12;
                dst[o + i] = (byte) Math.clamp(Math.round(v), 0, 255);
            }
        }
        return path;
    }

    /** A start coordinate keeping a shape of radius {@code r} inside {@code [0, size)} after moving {@code travel}. */
    private double start(int size, double r, double travel) {
        double lo = r + Math.max(0, -travel), hi = size - r - Math.max(0, travel);
        return lo + rnd.nextDouble() * Math.max(0, hi - lo);
    }

    private void brightColour(float[] rgb) {
        // A saturated hue at high value, so shapes stand out from the duller texture.
        double hue = rnd.nextDouble() * 6;
        int sector = (int) hue;
        double frac = hue - sector;
        double[] v = switch (sector) {
            case 0 -> new double[] {1, frac, 0};
            case 1 -> new double[] {1 - frac, 1, 0};
            case 2 -> new double[] {0, 1, frac};
            case 3 -> new double[] {0, 1 - frac, 1};
            case 4 -> new double[] {frac, 0, 1};
            default -> new double[] {1, 0, 1 - frac};
        };
        for (int k = 0; k < 3; k++) rgb[k] = (float) (60 + 195 * v[k]);
    }

    /** A background: a random mean colour plus three random low-frequency sinusoids per channel. */
    private float[] texture(int h, int w) {
        float[] tex = new float[h * w * 3];
        for (int k = 0; k < 3; k++) {
            double base = 50 + 60 * rnd.nextDouble();
            double[] fx = new double[3], fy = new double[3], ph = new double[3], amp = new double[3];
            for (int j = 0; j < 3; j++) {
                fx[j] = (rnd.nextDouble() * 2 - 1) * 6 * Math.PI / w;
                fy[j] = (rnd.nextDouble() * 2 - 1) * 6 * Math.PI / h;
                ph[j] = rnd.nextDouble() * 2 * Math.PI;
                amp[j] = 8 + 14 * rnd.nextDouble();
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = base;
                    for (int j = 0; j < 3; j++) v += amp[j] * Math.sin(fx[j] * x + fy[j] * y + ph[j]);
                    tex[(y * w + x) * 3 + k] = (float) v;
                }
            }
        }
        return tex;
    }

    private static void draw(float[] frame, int h, int w, Sprite s) {
        int x0 = Math.max(0, (int) Math.floor(s.x - s.r - 1)), x1 = Math.min(w - 1, (int) Math.ceil(s.x + s.r + 1));
        int y0 = Math.max(0, (int) Math.floor(s.y - s.r - 1)), y1 = Math.min(h - 1, (int) Math.ceil(s.y + s.r + 1));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5 - s.x, py = y + 0.5 - s.y;
                double cover = Math.clamp(0.5 - distance(s.shape, px, py, s.r), 0, 1);
                if (cover <= 0) continue;
                int p = (y * w + x) * 3;
                for (int k = 0; k < 3; k++) frame[p + k] += (float) (cover * (s.colour[k] - frame[p + k]));
            }
        }
    }

    /** Signed distance (pixels, negative inside) from a point to a shape of radius {@code r} centred at 0. */
    static double distance(int shape, double x, double y, double r) {
        return switch (shape) {
            case 0 -> Math.hypot(x, y) - r;                                  // circle
            case 3 -> Math.max(Math.abs(x), Math.abs(y)) - r * 0.85;          // square (same area-ish)
            case 2 -> {                                                       // triangle, apex up
                double k = Math.sqrt(3) / 2;
                double d1 = y - r * 0.5;                                        // bottom edge
                double d2 = -k * x - 0.5 * y - r * 0.5;                         // upper-left edge
                double d3 = k * x - 0.5 * y - r * 0.5;                          // upper-right edge
                yield Math.max(d1, Math.max(d2, d3));
            }
            default -> {                                                      // 1: cross (plus sign)
                double ax = Math.abs(x), ay = Math.abs(y), t = r * 0.33;
                yield Math.min(Math.max(ax - r, ay - t), Math.max(ax - t, ay - r));
            }
        };
    }
}
