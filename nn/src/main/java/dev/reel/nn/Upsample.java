package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Resizes (N, C, *spatial) to a size or by a scale factor, as {@code torch.nn.Upsample}, over
 * {@link F#interpolate}: mode "nearest" (default), "nearest-exact", "linear", "bilinear",
 * "trilinear" or "area"; alignCorners (null: PyTorch's None) only for the linear modes. A single
 * size or scale applies to every spatial dim.
 *
 * <pre>{@code
 * Tensor up = new Upsample(2.0, "bilinear", false).call(features);   // (N, C, H, W) → (N, C, 2H, 2W)
 * Tensor fixed = Upsample.ofSize(new int[] {8, 112, 112}, "trilinear", null).call(clip);
 * }</pre>
 */
public class Upsample extends Layer {
    private final int[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final Boolean alignCorners;

    private Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(size == null ? "Upsample: either size or scale_factor should be defined"
                    : "Upsample: only one of size or scale_factor should be defined");
        }
        if (size != null && (size.length == 0 || Arrays.stream(size).anyMatch(s -> s <= 0))) {
            throw new IllegalArgumentException("Upsample: size must be positive, got " + Arrays.toString(size));
        }
        if (scaleFactor != null && (scaleFactor.length == 0 || Arrays.stream(scaleFactor).anyMatch(s -> !(s > 0)))) {
            throw new IllegalArgumentException("Upsample: scale_factor must be positive, got " + Arrays.toString(scaleFactor));
        }
        boolean linear = mode.equals("linear") || mode.equals("bilinear") || mode.equals("trilinear") || mode.equals("bicubic");
        if (alignCorners != null && !linear) {
            throw new IllegalArgumentException("Upsample: align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear, got mode '" + mode + "'");
        }
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /** Scales every spatial dim by scaleFactor, nearest neighbour. */
    public Upsample(double scaleFactor) { this(null, new double[] {scaleFactor}, "nearest", null); }

    public Upsample(double scaleFactor, String mode) { this(null, new double[] {scaleFactor}, mode, null); }

    public Upsample(double scaleFactor, String mode, Boolean alignCorners) { this(null, new double[] {scaleFactor}, mode, alignCorners); }

    /** One scale factor per spatial dim. */
    public static Upsample ofScale(double[] scaleFactor, String mode, Boolean alignCorners) {
        return new Upsample(null, scaleFactor, mode, alignCorners);
    }

    /** The output size: one entry per spatial dim, or one for all. */
    public static Upsample ofSize(int[] size, String mode, Boolean alignCorners) { return new Upsample(size, null, mode, alignCorners); }

    @Override
    public Tensor forward(Tensor input) {
        if (size != null) {
            return alignCorners == null ? F.interpolate(input, size, mode) : F.interpolate(input, size, mode, alignCorners);
        }
        return alignCorners == null ? F.interpolate(input, scaleFactor, mode) : F.interpolate(input, scaleFactor, mode, alignCorners);
    }

    @Override
    protected String extraRepr() {
        String info = size != null ? "size=" + (size.length == 1 ? String.valueOf(size[0]) : py(size))
                : "scale_factor=" + (scaleFactor.length == 1 ? String.valueOf(scaleFactor[0])
                        : Arrays.stream(scaleFactor).mapToObj(String::valueOf).collect(Collectors.joining(", ", "(", ")")));
        return info + ", mode='" + mode + "'";
    }
}
