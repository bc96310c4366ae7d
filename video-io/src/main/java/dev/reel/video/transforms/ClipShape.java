package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

import java.util.Arrays;

/** The dimensions of a channels-last clip [T, H, W, C] or image [H, W, C] (T = 1). */
record ClipShape(int frames, int height, int width, int channels, boolean image) {
    static ClipShape of(Tensor t, String op) {
        int[] s = t.shape();
        if (s.length != 3 && s.length != 4) {
            throw new IllegalArgumentException(op + ": expected a clip [T, H, W, C] or an image [H, W, C], got shape " + Arrays.toString(s));
        }
        if (t.dtype() != DType.U8 && t.dtype() != DType.F32) {
            throw new IllegalArgumentException(op + ": expected a U8 or F32 tensor, got " + t.dtype());
        }
        int o = s.length - 3;
        return new ClipShape(o == 1 ? s[0] : 1, s[o], s[o + 1], s[o + 2], o == 0);
    }

    ClipShape withSize(int h, int w) { return new ClipShape(frames, h, w, channels, image); }

    int[] dims() { return image ? new int[] {height, width, channels} : new int[] {frames, height, width, channels}; }

    /** Index of the height dimension. */
    int hDim() { return image ? 0 : 1; }
}
