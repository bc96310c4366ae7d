package dev.reel.examples;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.video.AviWriter;
import dev.reel.video.Rational;
import dev.reel.video.VideoWriter;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a batch of generated clips as one video: the clips tiled in a grid, each pixel scaled up
 * to a square block so that tiny clips are visible, as AVI/MJPEG at 8 fps. Used by the GAN and
 * VAE examples.
 *
 * <pre>{@code
 * ClipGrid.write(Path.of("samples.avi"), clips, 4, 4);   // clips (8, 3, T, 16, 16) in [0, 1] -> 2 x 4 grid, 256x128
 * }</pre>
 */
final class ClipGrid {
    private ClipGrid() {}

    /**
     * Writes {@code clips} (B, 3, T, H, W) with pixels in [0, 1] as a grid of {@code columns}
     * columns (B must be a multiple of it), each pixel {@code scale x scale}; returns {@code path}.
     */
    static Path write(Path path, Tensor clips, int columns, int scale) {
        int[] s = clips.shape();
        if (s.length != 5 || s[1] != 3 || columns < 1 || s[0] % columns != 0 || scale < 1) {
            throw new IllegalArgumentException("ClipGrid.write: expected clips (B, 3, T, H, W) with B a multiple of " + columns
                    + " columns and scale >= 1, got " + Arrays.toString(s) + " and scale " + scale);
        }
        int rows = s[0] / columns, t = s[2], h = s[3], w = s[4];
        // (rows*cols, 3, T, H, W) -> (T, rows, H, cols, W, 3) -> frames (T, rows*H, cols*W, 3)
        Tensor grid = clips.reshape(rows, columns, 3, t, h, w).permute(3, 0, 4, 1, 5, 2).reshape(t, rows * h, columns * w, 3);
        Tensor big = grid.repeatInterleave(scale, 1).repeatInterleave(scale, 2);
        Tensor bytes = big.mul(255).round().clamp(0, 255).to(DType.U8);
        try (VideoWriter out = AviWriter.mjpeg(path, columns * w * scale, rows * h * scale, Rational.of(8, 1), 0.95f)) {
            out.write(bytes);
        }
        return path;
    }
}
