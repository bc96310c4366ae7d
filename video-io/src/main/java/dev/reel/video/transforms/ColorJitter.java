package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Random brightness, contrast and saturation changes, applied in a random order with factors drawn
 * once per clip, as torchvision's {@code ColorJitter}: brightness scales pixels; contrast blends
 * with the mean grey of each frame; saturation blends with each pixel's grey (ITU-R 601 luma).
 * Each factor is uniform in {@code [max(0, 1 - v), 1 + v]}. Results are clamped to the valid range
 * ([0, 1] for F32, [0, 255] for U8) as torchvision does. Needs RGB (3 channels).
 *
 * <pre>{@code
 * ColorJitter.of(0.4, 0.4, 0.4).apply(clip, g);
 * }</pre>
 */
public record ColorJitter(double brightness, double contrast, double saturation) implements VideoTransform {
    public ColorJitter {
        if (!(brightness >= 0 && contrast >= 0 && saturation >= 0)) {
            throw new IllegalArgumentException("ColorJitter: strengths must be >= 0, got " + brightness + ", " + contrast + ", " + saturation);
        }
    }

    public static ColorJitter of(double brightness, double contrast, double saturation) {
        return new ColorJitter(brightness, contrast, saturation);
    }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "ColorJitter");
        if (s.channels() != 3) throw new IllegalArgumentException("ColorJitter: expected 3 (RGB) channels, got " + s.channels());
        // Draw the order and the factors first, so the stream use does not depend on the data.
        int[] order = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        double[] factor = {factor(brightness, g), factor(contrast, g), factor(saturation, g)};
        boolean u8 = clip.dtype() == DType.U8;
        float max = u8 ? 255f : 1f;
        float[] x = clip.contiguous().to(DType.F32).toFloatArray().clone();
        int plane = s.height() * s.width();
        for (int op : order) {
            float f = (float) factor[op];
            if (f == 1f) continue;
            switch (op) {
                case 0 -> { for (int i = 0; i < x.length; i++) x[i] = Math.clamp(x[i] * f, 0f, max); }
                case 1 -> {
                    for (int t = 0; t < s.frames(); t++) {
                        int base = t * plane * 3;
                        double mean = 0;
                        for (int p = 0; p < plane; p++) mean += grey(x, base + 3 * p);
                        float m = (float) (mean / plane);
                        for (int i = base; i < base + plane * 3; i++) x[i] = Math.clamp(m + (x[i] - m) * f, 0f, max);
                    }
                }
                default -> {
                    for (int p = 0; p < x.length; p += 3) {
                        float gr = grey(x, p);
                        for (int k = 0; k < 3; k++) x[p + k] = Math.clamp(gr + (x[p + k] - gr) * f, 0f, max);
                    }
                }
            }
        }
        if (!u8) return Tensor.wrap(x, s.dims());
        byte[] b = new byte[x.length];
        for (int i = 0; i < x.length; i++) b[i] = (byte) Math.round(x[i]);
        return Tensor.wrap(b, s.dims());
    }

    private static double factor(double v, Generator g) {
        if (v == 0) return 1;
        double lo = Math.max(0, 1 - v), hi = 1 + v;
        return lo + (hi - lo) * g.nextDouble();
    }

    private static float grey(float[] x, int p) { return 0.299f * x[p] + 0.587f * x[p + 1] + 0.114f * x[p + 2]; }
}
