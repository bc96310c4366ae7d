package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Keeps {@code frames} frames of a clip [T, H, W, C], evenly spaced (the centre of each of
 * {@code frames} equal segments); repeats frames when T is smaller.
 *
 * <pre>{@code
 * TemporalSubsample.to(8).apply(clip16, g);   // frames 1, 3, 5, ..., 15
 * }</pre>
 */
public record TemporalSubsample(int frames) implements VideoTransform {
    public TemporalSubsample {
        if (frames < 1) throw new IllegalArgumentException("TemporalSubsample: frames must be >= 1, got " + frames);
    }

    public static TemporalSubsample to(int frames) { return new TemporalSubsample(frames); }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "TemporalSubsample");
        if (s.image()) throw new IllegalArgumentException("TemporalSubsample: expected a clip [T, H, W, C], got an image");
        long[] idx = new long[frames];
        for (int i = 0; i < frames; i++) idx[i] = (2L * i + 1) * s.frames() / (2L * frames);
        return clip.indexSelect(0, Tensor.fromArray(idx, frames)).contiguous();
    }
}
