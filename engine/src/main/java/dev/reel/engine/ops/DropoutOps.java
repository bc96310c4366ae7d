package dev.reel.engine.ops;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Dropout: in training, zeroes elements (or whole channels) with probability p and scales the
 * survivors by 1/(1-p), so the expected value is unchanged; in evaluation, the identity.
 *
 * <p>The mask is drawn with {@link Tensor#bernoulli(Generator)} from the Philox generator given
 * (the default generator when none is), so a seed fixes the mask on every device. The output is
 * {@code x · mask/(1-p)}, a product with a constant, so the gradient is {@code g · mask/(1-p)}.
 *
 * <pre>{@code
 * Tensor y = F.dropout(x, 0.1, true);                       // elementwise
 * Tensor z = F.dropout3d(clip, 0.2, true, new Generator(7)); // whole (C, T, H, W) channels
 * }</pre>
 */
public final class DropoutOps {
    private DropoutOps() {}

    private static void checkP(double p, String op) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    private static void checkFloating(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        }
    }

    /** x times a 0/(1/(1-p)) mask of maskShape (which broadcasts against x). */
    private static Tensor masked(Tensor x, double p, Generator g, int[] maskShape) {
        if (p == 1) return x.mul(0.0);
        Tensor keep = x.newFull(1 - p, maskShape).bernoulli(g);
        return x.mul(keep.mul(1 / (1 - p)));
    }

    /** Elementwise dropout; returns x itself when not training or p = 0. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        checkP(p, "dropout");
        checkFloating(x, "dropout");
        if (!training || p == 0) return x;
        return masked(x, p, g, x.shape());
    }

    /**
     * Channel dropout for inputs with {@code spatial} spatial dims: (N, C, *spatial) or, unbatched,
     * (C, *spatial); one draw per (n, c) zeroes or keeps the whole channel.
     */
    public static Tensor featureDropout(Tensor x, double p, boolean training, Generator g, int spatial) {
        String op = "dropout" + spatial + "d";
        checkP(p, op);
        checkFloating(x, op);
        if (x.dim() != spatial + 1 && x.dim() != spatial + 2) {
            throw new IllegalArgumentException(op + ": expected a " + (spatial + 1) + "-D (unbatched) or " + (spatial + 2)
                    + "-D (batched) input, got shape " + Arrays.toString(x.shape()));
        }
        if (!training || p == 0) return x;
        int[] maskShape = x.shape();
        for (int i = x.dim() - spatial; i < x.dim(); i++) maskShape[i] = 1;
        return masked(x, p, g, maskShape);
    }
}
