package dev.reel.engine.ops;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The activations of {@code torch.nn.functional} that are composed of other differentiable ops
 * (selu, celu, mish, hardswish, hardsigmoid, logsigmoid, softsign, tanhshrink, softshrink,
 * hardshrink, threshold, glu, prelu, rrelu, softmin). Their gradients, and gradients of
 * gradients, come from the ops they are built of; no kernel of their own.
 *
 * <pre>{@code
 * Tensor y = ActivationOps.mish(x);              // x·tanh(softplus(x))
 * Tensor h = ActivationOps.glu(x, -1);           // first half · sigmoid(second half)
 * }</pre>
 */
public final class ActivationOps {
    private ActivationOps() {}

    /** SELU's constants, as PyTorch (from Klambauer et al., 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static void checkFloating(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        }
    }

    /** scale·elu(x, alpha) with SELU's fixed constants. */
    public static Tensor selu(Tensor x) {
        checkFloating(x, "selu");
        return x.elu(SELU_ALPHA).mul(SELU_SCALE);
    }

    /** max(0, x) + min(0, alpha·(exp(x/alpha) - 1)), written as alpha·elu(x/alpha, 1). */
    public static Tensor celu(Tensor x, double alpha) {
        checkFloating(x, "celu");
        if (alpha == 0) throw new IllegalArgumentException("celu: ZeroDivisionError: alpha cannot be 0 for CELU");
        return x.div(alpha).elu(1.0).mul(alpha);
    }

    /** x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) {
        checkFloating(x, "mish");
        return x.mul(x.softplus().tanh());
    }

    /** x·relu6(x + 3)/6. */
    public static Tensor hardswish(Tensor x) {
        checkFloating(x, "hardswish");
        return x.mul(x.add(3.0).relu6().div(6.0));
    }

    /** relu6(x + 3)/6. */
    public static Tensor hardsigmoid(Tensor x) {
        checkFloating(x, "hardsigmoid");
        return x.add(3.0).relu6().div(6.0);
    }

    /** log(sigmoid(x)) computed as -softplus(-x), which neither overflows nor loses the small values. */
    public static Tensor logsigmoid(Tensor x) {
        checkFloating(x, "log_sigmoid");
        return x.neg().softplus().neg();
    }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) {
        checkFloating(x, "softsign");
        return x.div(x.abs().add(1.0));
    }

    /** x - tanh(x). */
    public static Tensor tanhshrink(Tensor x) {
        checkFloating(x, "tanhshrink");
        return x.sub(x.tanh());
    }

    /** x - lambd above lambd, x + lambd below -lambd, 0 between: x - clamp(x, -lambd, lambd). */
    public static Tensor softshrink(Tensor x, double lambd) {
        checkFloating(x, "softshrink");
        if (!(lambd >= 0)) throw new IllegalArgumentException("softshrink: lambda must be greater or equal to 0, but found to be " + lambd + ".");
        return x.sub(x.clamp(-lambd, lambd));
    }

    /** x where |x| &gt; lambd, 0 elsewhere. */
    public static Tensor hardshrink(Tensor x, double lambd) {
        checkFloating(x, "hardshrink");
        return x.mul(x.abs().gt(lambd).to(x.dtype()));
    }

    /** value where x ≤ threshold, x elsewhere (so NaN stays NaN, as PyTorch). */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        checkFloating(x, "threshold");
        return Tensor.where(x.le(threshold), x.newScalar(value), x);
    }

    /** Gated linear unit: a·sigmoid(b), where a and b are the two halves of x along dim. */
    public static Tensor glu(Tensor x, int dim) {
        checkFloating(x, "glu");
        if (x.dim() == 0) throw new IllegalArgumentException("glu: glu does not support scalars because halving size must be even");
        int d = Shapes.wrapDim(dim, x.dim(), "glu");
        int n = x.size(d);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: Halving dimension must be even, but dimension " + d + " is size " + n);
        }
        return x.narrow(d, 0, n / 2).mul(x.narrow(d, n / 2, n / 2).sigmoid());
    }

    /**
     * max(0, x) + weight·min(0, x), weight of one element or of one per channel (dim 1 of the
     * input, or dim 0 of a 1-D input).
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        checkFloating(x, "prelu");
        if (weight.dim() > 1) {
            throw new IllegalArgumentException("prelu: Expected weight to be 0-D or 1-D, got shape " + Arrays.toString(weight.shape()));
        }
        int n = weight.numel();
        Tensor w;
        if (n == 1) {
            w = weight.reshape();
        } else {
            int channels = x.dim() == 0 ? 1 : x.dim() == 1 ? x.size(0) : x.size(1);
            if (n != channels) {
                throw new IllegalArgumentException("prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                        + n + " and channel size = " + channels + ".");
            }
            int[] view = new int[Math.max(1, x.dim() - 1)];
            Arrays.fill(view, 1);
            view[0] = n;
            w = x.dim() == 1 ? weight : weight.reshape(view);
        }
        return Tensor.where(x.gt(0.0), x, x.mul(w));
    }

    /**
     * Randomized leaky ReLU: in training, each negative element is multiplied by its own slope
     * drawn uniformly from [lower, upper) with the generator; in evaluation, by (lower + upper)/2.
     */
    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Generator g) {
        checkFloating(x, "rrelu");
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("rrelu: Lower bound should be less than or equal to the upper bound, got lower="
                    + lower + ", upper=" + upper);
        }
        if (!training) return x.leakyRelu((lower + upper) / 2);
        Tensor slopes = Tensor.rand(g, x.dtype(), x.shape()).mul(upper - lower).add(lower);
        return Tensor.where(x.ge(0.0), x, x.mul(slopes));
    }

    /** softmax(-x) along dim. */
    public static Tensor softmin(Tensor x, int dim) { return SoftmaxOps.softmax(x.neg(), dim); }
}
