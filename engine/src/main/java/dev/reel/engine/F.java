package dev.reel.engine;

/**
 * The functional API, as {@code torch.nn.functional}: every layer's computation as a static
 * method over tensors. Layers in {@code dev.reel.nn} call these; so can user code.
 *
 * <pre>{@code
 * Tensor y = F.relu(F.conv2d(x, w, b, Conv.opts().padding(1)));
 * Tensor loss = F.crossEntropy(logits, labels);
 * }</pre>
 *
 * <p>Each group of functions delegates to one class of {@code dev.reel.engine.ops}, where the
 * shape checks, forward and backward live.
 */
public final class F {
    private F() {}

    // ---------------------------------------------------------------- activations (PointwiseOps)

    public static Tensor relu(Tensor x) { return x.relu(); }

    public static Tensor relu6(Tensor x) { return x.relu6(); }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }

    public static Tensor leakyRelu(Tensor x) { return x.leakyRelu(0.01); }

    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }

    public static Tensor elu(Tensor x) { return x.elu(1.0); }

    public static Tensor gelu(Tensor x) { return x.gelu(); }

    /** {@code approximate} is "none" or "tanh", as PyTorch. */
    public static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> x.gelu(false);
            case "tanh" -> x.gelu(true);
            default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }

    public static Tensor silu(Tensor x) { return x.silu(); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    public static Tensor softplus(Tensor x) { return x.softplus(); }

    public static Tensor softplus(Tensor x, double beta, double threshold) { return x.softplus(beta, threshold); }

    public static Tensor hardtanh(Tensor x, double min, double max) { return x.hardtanh(min, max); }

    public static Tensor hardtanh(Tensor x) { return x.hardtanh(-1, 1); }

    // ---------------------------------------------------------------- linear (LinalgOps)

    /** y = x·Wᵀ + b, weight (out, in), bias (out) or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    // ---------------------------------------------------------------- convolution and pooling (ConvOps, PoolOps)

    // ---------------------------------------------------------------- softmax, normalization, dropout, embedding, padding,
    //                                                                   interpolation, losses (NormOps, LossOps, ...)
}
