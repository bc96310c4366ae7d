package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Crops a {@code height x width} window at a uniformly random position, the same for all frames.
 *
 * <pre>{@code
 * RandomCrop.of(112, 112).apply(clip, new Generator(1));
 * }</pre>
 */
public record RandomCrop(int height, int width) implements VideoTransform {
    public RandomCrop {
        if (height < 1 || width < 1) throw new IllegalArgumentException("RandomCrop: size must be positive, got " + height + "x" + width);
    }

    public static RandomCrop of(int height, int width) { return new RandomCrop(height, width); }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "RandomCrop");
        checkFits("RandomCrop", s, height, width);
        int top = (int) g.nextLong(s.height() - height + 1L), left = (int) g.nextLong(s.width() - width + 1L);
        return crop(clip, s, top, left, height, width);
    }

    static void checkFits(String op, ClipShape s, int h, int w) {
        if (h > s.height() || w > s.width()) {
            throw new IllegalArgumentException(op + ": crop " + h + "x" + w + " is larger than the frame " + s.height() + "x" + s.width());
        }
    }

    /** The window as a contiguous tensor of the clip's dtype. */
    static Tensor crop(Tensor clip, ClipShape s, int top, int left, int h, int w) {
        return clip.narrow(s.hDim(), top, h).narrow(s.hDim() + 1, left, w).contiguous();
    }
}
