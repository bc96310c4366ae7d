package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Crops the central {@code height x width} of every frame ({@code top = round((H - h) / 2)}, as
 * torchvision). The crop must fit inside the frame.
 *
 * <pre>{@code
 * CenterCrop.of(112, 112).apply(clip, g);
 * }</pre>
 */
public record CenterCrop(int height, int width) implements VideoTransform {
    public CenterCrop {
        if (height < 1 || width < 1) throw new IllegalArgumentException("CenterCrop: size must be positive, got " + height + "x" + width);
    }

    public static CenterCrop of(int height, int width) { return new CenterCrop(height, width); }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "CenterCrop");
        RandomCrop.checkFits("CenterCrop", s, height, width);
        int top = (int) Math.round((s.height() - height) / 2.0), left = (int) Math.round((s.width() - width) / 2.0);
        return RandomCrop.crop(clip, s, top, left, height, width);
    }
}
