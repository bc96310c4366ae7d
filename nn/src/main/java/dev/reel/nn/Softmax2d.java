package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * softmax over the channels of (N, C, H, W) or (C, H, W) at every pixel, as
 * {@code torch.nn.Softmax2d}.
 *
 * <pre>{@code
 * Tensor perPixelClassProbs = new Softmax2d().call(segmentationLogits);
 * }</pre>
 */
public class Softmax2d extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("Softmax2d: expected input to be 3D or 4D, got " + input.dim() + "D instead");
        }
        return F.softmax(input, -3);
    }
}
