package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * U8 to F32 divided by 255, so pixels lie in [0, 1] (torchvision's {@code ToTensor} scaling);
 * F32 clips pass unchanged.
 *
 * <pre>{@code
 * ToFloat.scaled().apply(u8Clip, g);   // F32 in [0, 1]
 * }</pre>
 */
public final class ToFloat implements VideoTransform {
    private static final ToFloat INSTANCE = new ToFloat();

    private ToFloat() {}

    public static ToFloat scaled() { return INSTANCE; }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape.of(clip, "ToFloat");
        return clip.dtype() == DType.F32 ? clip : clip.to(DType.F32).div(255.0);
    }
}
