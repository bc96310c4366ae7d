package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Rearranges (*, C, H·r, W·r) into (*, C·r², H, W), the inverse of {@link PixelShuffle}, as
 * {@code torch.nn.PixelUnshuffle}.
 *
 * <pre>{@code
 * Tensor packed = new PixelUnshuffle(2).call(frame);   // (N, 3, 64, 64) → (N, 12, 32, 32)
 * }</pre>
 */
public class PixelUnshuffle extends Layer {
    private final int downscaleFactor;

    public PixelUnshuffle(int downscaleFactor) {
        if (downscaleFactor <= 0) {
            throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be positive, got " + downscaleFactor);
        }
        this.downscaleFactor = downscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) { return F.pixelUnshuffle(input, downscaleFactor); }

    @Override
    protected String extraRepr() { return "downscale_factor=" + downscaleFactor; }
}
