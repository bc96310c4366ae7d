package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The padding layers (ZeroPad, ConstantPad, ReflectionPad, ReplicationPad in 1, 2 and 3 dims),
 * as PyTorch's, over {@link F#pad}: one amount for every side, or (left, right[, top, bottom[,
 * front, back]]) from the last dim backwards; negative amounts crop.
 */
public abstract class PadNd extends Layer {
    protected final int[] padding;
    protected final String mode;
    protected final double value;

    protected PadNd(int[] padding, int dims, String mode, double value) {
        if (padding.length != 2 * dims) {
            throw new IllegalArgumentException(typeName() + ": padding must be one int or " + (2 * dims) + " ints, got "
                    + Arrays.toString(padding));
        }
        this.padding = padding.clone();
        this.mode = mode;
        this.value = value;
    }

    /** The same amount on all 2·dims sides. */
    protected static int[] all(int padding, int dims) {
        int[] p = new int[2 * dims];
        Arrays.fill(p, padding);
        return p;
    }

    @Override
    public Tensor forward(Tensor input) { return F.pad(input, padding, mode, value); }

    @Override
    protected String extraRepr() { return py(padding); }
}
