package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * {@code (x - mean[c]) / std[c]} per channel of an F32 clip (apply {@link ToFloat} first).
 *
 * <pre>{@code
 * Normalize.of(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f})
 * }</pre>
 */
public final class Normalize implements VideoTransform {
    private final float[] mean, std;

    private Normalize(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public static Normalize of(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: mean and std need one value per channel, got " + mean.length + " and " + std.length);
        }
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("Normalize: std values must be positive, got " + s);
        return new Normalize(mean, std);
    }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "Normalize");
        if (clip.dtype() != DType.F32) throw new IllegalArgumentException("Normalize: expected an F32 clip (apply ToFloat first), got " + clip.dtype());
        if (s.channels() != mean.length) throw new IllegalArgumentException("Normalize: clip has " + s.channels() + " channels, mean/std have " + mean.length);
        return clip.sub(Tensor.fromArray(mean, mean.length)).div(Tensor.fromArray(std, std.length));
    }
}
