package dev.reel.video.transforms;

/**
 * Separable resampling as in Pillow's {@code ImagingResample}: for each output pixel, weights of a
 * filter centred on it in input coordinates. When shrinking with antialias the filter is widened by
 * the scale factor, so every input pixel contributes (no aliasing); without it, bilinear samples
 * the two nearest pixels as {@code F.interpolate(mode="bilinear", align_corners=False)} does.
 */
final class Resampler {
    enum Filter { BILINEAR, AREA }

    /** First input index and normalised weights, per output index. */
    private final int[] start;
    private final float[][] weights;

    Resampler(int in, int out, Filter filter, boolean antialias) {
        double scale = (double) in / out;
        boolean stretch = filter == Filter.AREA || antialias;    // area is always an average of what it covers
        double filterScale = stretch ? Math.max(scale, 1.0) : 1.0;
        double support = (filter == Filter.BILINEAR ? 1.0 : 0.5) * filterScale;
        start = new int[out];
        weights = new float[out][];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), in);
            if (hi <= lo) { lo = Math.min(Math.max((int) center, 0), in - 1); hi = lo + 1; }
            double[] w = new double[hi - lo];
            double sum = 0;
            for (int i = lo; i < hi; i++) {
                double x = (i - center + 0.5) / filterScale;
                w[i - lo] = filter == Filter.BILINEAR ? Math.max(0, 1 - Math.abs(x)) : (x > -0.5 && x <= 0.5 ? 1 : 0);
                sum += w[i - lo];
            }
            if (sum == 0) { w[(int) Math.min(w.length - 1, Math.max(0, center - lo))] = 1; sum = 1; }
            float[] f = new float[w.length];
            for (int i = 0; i < w.length; i++) f[i] = (float) (w[i] / sum);
            start[o] = lo;
            weights[o] = f;
        }
    }

    /**
     * Resamples {@code frames} images of {@code h x w x c} floats along one axis.
     * {@code horizontal}: width {@code w -> out}; else height {@code h -> out}.
     */
    float[] apply(float[] src, int frames, int h, int w, int c, boolean horizontal) {
        int out = start.length;
        int oh = horizontal ? h : out, ow = horizontal ? out : w;
        float[] dst = new float[frames * oh * ow * c];
        for (int f = 0; f < frames; f++) {
            int sBase = f * h * w * c, dBase = f * oh * ow * c;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int o = horizontal ? x : y;
                    float[] wt = weights[o];
                    int s0 = start[o];
                    int d = dBase + (y * ow + x) * c;
                    for (int k = 0; k < wt.length; k++) {
                        int sp = horizontal ? sBase + (y * w + s0 + k) * c : sBase + ((s0 + k) * w + x) * c;
                        float wk = wt[k];
                        for (int ch = 0; ch < c; ch++) dst[d + ch] += wk * src[sp + ch];
                    }
                }
            }
        }
        return dst;
    }
}
