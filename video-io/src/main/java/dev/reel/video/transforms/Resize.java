package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;

/**
 * Resizes every frame to a fixed size or so that the shorter side has a given length (aspect
 * ratio kept, as torchvision's {@code Resize(int)}). Bilinear with antialias by default; area
 * averages the input pixels each output pixel covers. U8 results are rounded.
 *
 * <pre>{@code
 * Resize.to(112, 112).apply(clip, g);        // [T, 112, 112, C]
 * Resize.shortSide(128).apply(clip, g);      // 240x320 -> 128x170
 * }</pre>
 */
public final class Resize implements VideoTransform {
    /** Interpolation. */
    public enum Mode { BILINEAR, AREA }

    private final int height, width, shortSide;
    private final Mode mode;
    private final boolean antialias;

    private Resize(int height, int width, int shortSide, Mode mode, boolean antialias) {
        this.height = height;
        this.width = width;
        this.shortSide = shortSide;
        this.mode = mode;
        this.antialias = antialias;
    }

    /** To exactly {@code height x width}, bilinear with antialias. */
    public static Resize to(int height, int width) { return to(height, width, Mode.BILINEAR, true); }

    public static Resize to(int height, int width, Mode mode, boolean antialias) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("Resize: size must be positive, got " + height + "x" + width);
        return new Resize(height, width, 0, mode, antialias);
    }

    /** Shorter side to {@code size}, the other in proportion (rounded down), bilinear with antialias. */
    public static Resize shortSide(int size) {
        if (size < 1) throw new IllegalArgumentException("Resize: size must be positive, got " + size);
        return new Resize(0, 0, size, Mode.BILINEAR, true);
    }

    @Override
    public Tensor apply(Tensor clip, Generator g) {
        ClipShape s = ClipShape.of(clip, "Resize");
        int oh = height, ow = width;
        if (shortSide > 0) {
            if (s.height() <= s.width()) { oh = shortSide; ow = (int) ((long) shortSide * s.width() / s.height()); }
            else { ow = shortSide; oh = (int) ((long) shortSide * s.height() / s.width()); }
        }
        return resize(clip, s, oh, ow, mode, antialias);
    }

    static Tensor resize(Tensor clip, ClipShape s, int oh, int ow, Mode mode, boolean antialias) {
        if (oh == s.height() && ow == s.width()) return clip;
        Resampler.Filter f = mode == Mode.AREA ? Resampler.Filter.AREA : Resampler.Filter.BILINEAR;
        float[] x = clip.contiguous().to(DType.F32).toFloatArray();
        // Horizontal pass first, on the larger image when the width shrinks most (fewer operations).
        x = new Resampler(s.width(), ow, f, antialias).apply(x, s.frames(), s.height(), s.width(), s.channels(), true);
        x = new Resampler(s.height(), oh, f, antialias).apply(x, s.frames(), s.height(), ow, s.channels(), false);
        int[] dims = s.withSize(oh, ow).dims();
        if (clip.dtype() == DType.F32) return Tensor.wrap(x, dims);
        byte[] b = new byte[x.length];
        for (int i = 0; i < x.length; i++) b[i] = (byte) Math.clamp(Math.round(x[i]), 0, 255);
        return Tensor.wrap(b, dims);
    }
}
