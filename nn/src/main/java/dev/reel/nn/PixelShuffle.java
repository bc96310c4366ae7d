package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Rearranges (*, C·r², H, W) into (*, C, H·r, W·r), as {@code torch.nn.PixelShuffle}: the
 * sub-pixel convolution upsampler.
 *
 * <pre>{@code
 * Tensor hr = new PixelShuffle(2).call(conv.call(lr));   // (N, 4C, H, W) → (N, C, 2H, 2W)
 * }</pre>
 */
public class PixelShuffle extends Layer {
    private final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        if (upscaleFactor <= 0) throw new IllegalArgumentException("PixelShuffle: upscale_factor must be positive, got " + upscaleFactor);
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) { return F.pixelShuffle(input, upscaleFactor); }

    @Override
    protected String extraRepr() { return "upscale_factor=" + upscaleFactor; }
}
