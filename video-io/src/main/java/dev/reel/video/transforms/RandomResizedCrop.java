package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * torchvision's {@code RandomResizedCrop}: a window of random area (a fraction in {@code scale} of
 * the frame) and aspect ratio (log-uniform in {@code ratio}), resized to {@code height x width};
 * after 10 misses, the largest central window within the ratio range.
 *
 * <pre>{@code
 * RandomResizedCrop.of(112, 112).apply(clip, g);   // scale (0.08, 1), ratio (3/4, 4/3)
 * }</pre>
 */
public record RandomResizedCrop(int height, int width, double minScale, double maxScale, double minRatio, double maxRatio)
        implements VideoTransform {
    public RandomResizedCrop {
        if (height < 1 || width < 1) throw new IllegalArgumentException("RandomResizedCrop: size must be positive, got " + height + "x" + width);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) throw new IllegalArgumentException("RandomResizedCrop: need 0 < minScale <= maxScale <= 1, got " + minScale + ", " + maxScale);
        if (!(minRatio > 0 && minRatio <= maxRatio)) throw new IllegalArgumentException("RandomResizedCrop: need 0 < minRatio <= maxRatio, got " + minRatio + ", " + maxRatio);
    }

    public static RandomResizedCrop of(int height, int width) {
        return new RandomResizedCrop(height, width, 0.08, 1.0, 3.0 / 4, 4.0 / 3);
    }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "RandomResizedCrop");
        int[] box = window(s.height(), s.width(), g);
        Tensor c = RandomCrop.crop(clip, s, box[0], box[1], box[2], box[3]);
        return Resize.resize(c, s.withSize(box[2], box[3]), height, width, Resize.Mode.BILINEAR, true);
    }

    /** {top, left, h, w} of the window. */
    int[] window(int fh, int fw, Generator g) {
        double area = (double) fh * fw;
        double logLo = Math.log(minRatio), logHi = Math.log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (maxScale - minScale) * g.nextDouble());
            double aspect = Math.exp(logLo + (logHi - logLo) * g.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && w <= fw && h > 0 && h <= fh) {
                int top = (int) g.nextLong(fh - h + 1L), left = (int) g.nextLong(fw - w + 1L);
                return new int[] {top, left, h, w};
            }
        }
        double inRatio = (double) fw / fh;
        int w, h;
        if (inRatio < minRatio) { w = fw; h = (int) Math.round(w / minRatio); }
        else if (inRatio > maxRatio) { h = fh; w = (int) Math.round(h * maxRatio); }
        else { w = fw; h = fh; }
        h = Math.min(Math.max(h, 1), fh);
        w = Math.min(Math.max(w, 1), fw);
        return new int[] {(fh - h) / 2, (fw - w) / 2, h, w};
    }
}
