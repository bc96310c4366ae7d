package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Mirrors every frame left to right with probability {@code p} (one draw per clip).
 *
 * <pre>{@code
 * HorizontalFlip.random(0.5).apply(clip, g);
 * }</pre>
 */
public record HorizontalFlip(double p) implements VideoTransform {
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("HorizontalFlip: probability must be in [0, 1], got " + p);
    }

    public static HorizontalFlip random(double p) { return new HorizontalFlip(p); }

    /** Always flips. */
    public static HorizontalFlip always() { return new HorizontalFlip(1); }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "HorizontalFlip");
        boolean flip = p >= 1 || (p > 0 && g.nextDouble() < p);
        return flip ? clip.flip(s.hDim() + 1).contiguous() : clip;
    }
}
