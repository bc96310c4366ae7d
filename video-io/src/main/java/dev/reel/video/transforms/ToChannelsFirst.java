package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * [T, H, W, C] to [C, T, H, W] (the input of Conv3d), and [H, W, C] to [C, H, W]; contiguous.
 *
 * <pre>{@code
 * ToChannelsFirst.INSTANCE.apply(clip, g);
 * }</pre>
 */
public final class ToChannelsFirst implements VideoTransform {
    public static final ToChannelsFirst INSTANCE = new ToChannelsFirst();

    private ToChannelsFirst() {}

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "ToChannelsFirst");
        return (s.image() ? clip.permute(2, 0, 1) : clip.permute(3, 0, 1, 2)).contiguous();
    }
}
