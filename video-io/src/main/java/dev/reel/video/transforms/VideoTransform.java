package dev.reel.video.transforms;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

import java.util.List;

/**
 * A transform of a clip, channels last: U8 or F32 tensors [T, H, W, C], or single images
 * [H, W, C]. A random transform draws its parameters once per call from the generator, so every
 * frame of a clip gets the same crop, flip or colour change.
 *
 * <pre>{@code
 * VideoTransform train = VideoTransform.compose(
 *         Resize.shortSide(128), RandomCrop.of(112, 112), HorizontalFlip.random(0.5),
 *         ToFloat.scaled(), Normalize.of(new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f}),
 *         ToChannelsFirst.INSTANCE);                         // -> F32 [C, T, H, W]
 * Tensor x = train.apply(reader.read(indices), new Generator(42));
 * }</pre>
 */
@FunctionalInterface
public interface VideoTransform {
    /** Transforms {@code clip}; random parameters come from {@code g}. */
    Tensor apply(Tensor clip, Generator g);

    /** This transform, then {@code next}. */
    default VideoTransform andThen(VideoTransform next) {
        return (clip, g) -> next.apply(apply(clip, g), g);
    }

    /** The transforms applied in order (torchvision's {@code Compose}). */
    static VideoTransform compose(VideoTransform... transforms) {
        List<VideoTransform> list = List.of(transforms);
        return (clip, g) -> {
            Tensor x = clip;
            for (VideoTransform t : list) x = t.apply(x, g);
            return x;
        };
    }

    /** Leaves the clip as it is. */
    static VideoTransform identity() { return (clip, g) -> clip; }
}
