package dev.reel.engine;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.ops.ActivationOps;
import dev.reel.engine.ops.AttentionOps;
import dev.reel.engine.ops.ConvOps;
import dev.reel.engine.ops.DistanceOps;
import dev.reel.engine.ops.DropoutOps;
import dev.reel.engine.ops.EmbeddingOps;
import dev.reel.engine.ops.InstanceNormOps;
import dev.reel.engine.ops.InterpolateOps;
import dev.reel.engine.ops.LikelihoodLossOps;
import dev.reel.engine.ops.LossOps;
import dev.reel.engine.ops.MarginLossOps;
import dev.reel.engine.ops.NormOps;
import dev.reel.engine.ops.PadOps;
import dev.reel.engine.ops.PixelShuffleOps;
import dev.reel.engine.ops.PoolOps;
import dev.reel.engine.ops.RnnOps;
import dev.reel.engine.ops.SoftmaxOps;

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
        // autocast: x, weight and bias all in the lower type, as PyTorch's linear
        x = AutocastMode.lower(x);
        weight = AutocastMode.lower(weight);
        bias = AutocastMode.lower(bias);
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    // ---------------------------------------------------------------- convolution and pooling (ConvOps, PoolOps)

    /** 1-D convolution, stride 1, no padding. Input (N, C_in, *1 dims), weight (C_out, C_in/groups, *k); bias may be null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convolution(x, weight, bias, 1, new int[] {1}, new int[] {0}, null, new int[] {1}, 1);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convolution(x, weight, bias, 1, new int[] {stride}, new int[] {padding}, null, new int[] {1}, 1);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 1, stride, padding, null, dilation, groups);
    }

    /** padding "same" (stride 1) or "valid". */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, String padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 1, new int[] {1}, new int[] {0}, padding, dilation, groups);
    }

    /** Transposed 1-D convolution; weight (C_in, C_out/groups, *k). */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convTranspose(x, weight, bias, 1, new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convTranspose(x, weight, bias, 1, new int[] {stride}, new int[] {padding}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                          int groups, int[] dilation) {
        return ConvOps.convTranspose(x, weight, bias, 1, stride, padding, outputPadding, groups, dilation);
    }

    /** 1-D max pooling with stride = kernel. */
    public static Tensor maxPool1d(Tensor x, int kernelSize) {
        return PoolOps.maxPool(x, 1, new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false).values();
    }

    public static Tensor maxPool1d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return PoolOps.maxPool(x, 1, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** Max pooling returning the values and the flat per-plane indices (return_indices=True). */
    public static PoolOps.Pooled maxPool1dWithIndices(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                                       boolean ceilMode) {
        return PoolOps.maxPool(x, 1, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 1-D average pooling with stride = kernel. */
    public static Tensor avgPool1d(Tensor x, int kernelSize) {
        return PoolOps.avgPool(x, 1, new int[] {kernelSize}, null, new int[] {0}, false, true, 0);
    }

    /** divisorOverride 0 means none. */
    public static Tensor avgPool1d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                    boolean countIncludePad, int divisorOverride) {
        return PoolOps.avgPool(x, 1, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    public static Tensor adaptiveAvgPool1d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveAvgPool(x, 1, outputSize);
    }

    public static Tensor adaptiveMaxPool1d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 1, outputSize).values();
    }

    public static PoolOps.Pooled adaptiveMaxPool1dWithIndices(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 1, outputSize);
    }

    /** 2-D convolution, stride 1, no padding. Input (N, C_in, *2 dims), weight (C_out, C_in/groups, *k); bias may be null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convolution(x, weight, bias, 2, new int[] {1}, new int[] {0}, null, new int[] {1}, 1);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convolution(x, weight, bias, 2, new int[] {stride}, new int[] {padding}, null, new int[] {1}, 1);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 2, stride, padding, null, dilation, groups);
    }

    /** padding "same" (stride 1) or "valid". */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, String padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 2, new int[] {1}, new int[] {0}, padding, dilation, groups);
    }

    /** Transposed 2-D convolution; weight (C_in, C_out/groups, *k). */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convTranspose(x, weight, bias, 2, new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convTranspose(x, weight, bias, 2, new int[] {stride}, new int[] {padding}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                          int groups, int[] dilation) {
        return ConvOps.convTranspose(x, weight, bias, 2, stride, padding, outputPadding, groups, dilation);
    }

    /** 2-D max pooling with stride = kernel. */
    public static Tensor maxPool2d(Tensor x, int kernelSize) {
        return PoolOps.maxPool(x, 2, new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false).values();
    }

    public static Tensor maxPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return PoolOps.maxPool(x, 2, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** Max pooling returning the values and the flat per-plane indices (return_indices=True). */
    public static PoolOps.Pooled maxPool2dWithIndices(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                                       boolean ceilMode) {
        return PoolOps.maxPool(x, 2, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 2-D average pooling with stride = kernel. */
    public static Tensor avgPool2d(Tensor x, int kernelSize) {
        return PoolOps.avgPool(x, 2, new int[] {kernelSize}, null, new int[] {0}, false, true, 0);
    }

    /** divisorOverride 0 means none. */
    public static Tensor avgPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                    boolean countIncludePad, int divisorOverride) {
        return PoolOps.avgPool(x, 2, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveAvgPool(x, 2, outputSize);
    }

    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 2, outputSize).values();
    }

    public static PoolOps.Pooled adaptiveMaxPool2dWithIndices(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 2, outputSize);
    }

    /** 3-D convolution, stride 1, no padding. Input (N, C_in, *3 dims), weight (C_out, C_in/groups, *k); bias may be null. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convolution(x, weight, bias, 3, new int[] {1}, new int[] {0}, null, new int[] {1}, 1);
    }

    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convolution(x, weight, bias, 3, new int[] {stride}, new int[] {padding}, null, new int[] {1}, 1);
    }

    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 3, stride, padding, null, dilation, groups);
    }

    /** padding "same" (stride 1) or "valid". */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, String padding, int[] dilation, int groups) {
        return ConvOps.convolution(x, weight, bias, 3, new int[] {1}, new int[] {0}, padding, dilation, groups);
    }

    /** Transposed 3-D convolution; weight (C_in, C_out/groups, *k). */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias) {
        return ConvOps.convTranspose(x, weight, bias, 3, new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.convTranspose(x, weight, bias, 3, new int[] {stride}, new int[] {padding}, new int[] {0}, 1, new int[] {1});
    }

    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                          int groups, int[] dilation) {
        return ConvOps.convTranspose(x, weight, bias, 3, stride, padding, outputPadding, groups, dilation);
    }

    /** 3-D max pooling with stride = kernel. */
    public static Tensor maxPool3d(Tensor x, int kernelSize) {
        return PoolOps.maxPool(x, 3, new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false).values();
    }

    public static Tensor maxPool3d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return PoolOps.maxPool(x, 3, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** Max pooling returning the values and the flat per-plane indices (return_indices=True). */
    public static PoolOps.Pooled maxPool3dWithIndices(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                                       boolean ceilMode) {
        return PoolOps.maxPool(x, 3, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 3-D average pooling with stride = kernel. */
    public static Tensor avgPool3d(Tensor x, int kernelSize) {
        return PoolOps.avgPool(x, 3, new int[] {kernelSize}, null, new int[] {0}, false, true, 0);
    }

    /** divisorOverride 0 means none. */
    public static Tensor avgPool3d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                    boolean countIncludePad, int divisorOverride) {
        return PoolOps.avgPool(x, 3, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    public static Tensor adaptiveAvgPool3d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveAvgPool(x, 3, outputSize);
    }

    public static Tensor adaptiveMaxPool3d(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 3, outputSize).values();
    }

    public static PoolOps.Pooled adaptiveMaxPool3dWithIndices(Tensor x, int... outputSize) {
        return PoolOps.adaptiveMaxPool(x, 3, outputSize);
    }

    // ---------------------------------------------------------------- softmax, normalization, dropout, embedding, padding,
    //                                                                   interpolation, losses (NormOps, LossOps, ...)

    /** softmax along dim (rows sum to one); stable for large inputs. */
    public static Tensor softmax(Tensor x, int dim) { return SoftmaxOps.softmax(x, dim); }

    /** softmax computed in {@code dtype} (the input is cast first), as PyTorch's {@code dtype=} argument. */
    public static Tensor softmax(Tensor x, int dim, DType dtype) { return SoftmaxOps.softmax(x.to(dtype), dim); }

    /** log(softmax(x)) along dim, without forming the softmax. */
    public static Tensor logSoftmax(Tensor x, int dim) { return SoftmaxOps.logSoftmax(x, dim); }

    public static Tensor logSoftmax(Tensor x, int dim, DType dtype) { return SoftmaxOps.logSoftmax(x.to(dtype), dim); }

    /** Normalizes over the trailing dims given by normalizedShape; weight and bias (nullable) have that shape. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return NormOps.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** Layer norm without affine parameters, eps 1e-5. */
    public static Tensor layerNorm(Tensor x, int... normalizedShape) { return NormOps.layerNorm(x, normalizedShape, null, null, 1e-5); }

    /** Normalizes (N, C, *) per sample over groups of channels; weight and bias (nullable) have shape (C). */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return NormOps.groupNorm(x, numGroups, weight, bias, eps);
    }

    public static Tensor groupNorm(Tensor x, int numGroups) { return NormOps.groupNorm(x, numGroups, null, null, 1e-5); }

    /**
     * Batch norm of (N, C), (N, C, L), (N, C, H, W) or (N, C, D, H, W). In training, batch
     * statistics are used and the running ones (nullable) are updated in place; otherwise the
     * running statistics are used.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return NormOps.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Batch norm without affine parameters, momentum 0.1, eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, boolean training) {
        return NormOps.batchNorm(x, runningMean, runningVar, null, null, training, 0.1, 1e-5);
    }

    /** Zeroes each element with probability p (training only) and scales the rest by 1/(1-p); default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return DropoutOps.dropout(x, p, training, Reel.defaultGenerator());
    }

    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) { return DropoutOps.dropout(x, p, training, g); }

    /** Zeroes whole channels of (N, C, L) or (C, L). */
    public static Tensor dropout1d(Tensor x, double p, boolean training) {
        return DropoutOps.featureDropout(x, p, training, Reel.defaultGenerator(), 1);
    }

    public static Tensor dropout1d(Tensor x, double p, boolean training, Generator g) {
        return DropoutOps.featureDropout(x, p, training, g, 1);
    }

    /** Zeroes whole channels of (N, C, H, W) or (C, H, W). */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        return DropoutOps.featureDropout(x, p, training, Reel.defaultGenerator(), 2);
    }

    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator g) {
        return DropoutOps.featureDropout(x, p, training, g, 2);
    }

    /** Zeroes whole channels of (N, C, D, H, W) or (C, D, H, W). */
    public static Tensor dropout3d(Tensor x, double p, boolean training) {
        return DropoutOps.featureDropout(x, p, training, Reel.defaultGenerator(), 3);
    }

    public static Tensor dropout3d(Tensor x, double p, boolean training, Generator g) {
        return DropoutOps.featureDropout(x, p, training, g, 3);
    }

    /** Rows of weight (num, dim) at indices (any shape) → (*indices, dim). */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return EmbeddingOps.embedding(indices, weight, EmbeddingOps.NO_PADDING);
    }

    /** As {@link #embedding(Tensor, Tensor)}; row paddingIdx (negative counts from the end) gets no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        return EmbeddingOps.embedding(indices, weight, paddingIdx);
    }

    /** (*) int64 classes → (*, numClasses) int64 of zeros and ones; numClasses -1 infers max + 1. */
    public static Tensor oneHot(Tensor indices, int numClasses) { return EmbeddingOps.oneHot(indices, numClasses); }

    public static Tensor oneHot(Tensor indices) { return EmbeddingOps.oneHot(indices, -1); }

    /** Pads with zeros; pad lists (left, right) amounts from the last dim backwards; negative amounts crop. */
    public static Tensor pad(Tensor x, int... pad) { return PadOps.pad(x, pad, "constant", 0); }

    /** mode "constant" (with value), "reflect", "replicate" or "circular" (value must be 0). */
    public static Tensor pad(Tensor x, int[] pad, String mode, double value) { return PadOps.pad(x, pad, mode, value); }

    public static Tensor pad(Tensor x, int[] pad, String mode) { return PadOps.pad(x, pad, mode, 0); }

    /**
     * Resizes (N, C, *spatial) to size (one entry per spatial dim, or one for all); mode "nearest",
     * "nearest-exact", "linear" (3-D), "bilinear" (4-D), "trilinear" (5-D) or "area".
     */
    public static Tensor interpolate(Tensor x, int[] size, String mode) { return InterpolateOps.interpolate(x, size, null, mode, null); }

    /** alignCorners may only be given for the linear modes. */
    public static Tensor interpolate(Tensor x, int[] size, String mode, boolean alignCorners) {
        return InterpolateOps.interpolate(x, size, null, mode, alignCorners);
    }

    /** Resizes by scale factors: output = floor(input · scale), and the given scale is used for the source positions. */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode) {
        return InterpolateOps.interpolate(x, null, scaleFactor, mode, null);
    }

    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode, boolean alignCorners) {
        return InterpolateOps.interpolate(x, null, scaleFactor, mode, alignCorners);
    }

    // ---------------------------------------------------------------- losses (LossOps)

    /** Cross entropy of logits against class indices (I64) or class probabilities; mean reduction. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return LossOps.crossEntropy(input, target, null, -100, "mean", 0);
    }

    /** Full form: weight (C) or null, ignoreIndex (PyTorch default -100), reduction, labelSmoothing. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction,
                                      double labelSmoothing) {
        return LossOps.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) { return LossOps.nllLoss(input, target, null, -100, "mean"); }

    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction) {
        return LossOps.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) { return LossOps.mseLoss(input, target, "mean"); }

    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) { return LossOps.mseLoss(input, target, reduction); }

    public static Tensor l1Loss(Tensor input, Tensor target) { return LossOps.l1Loss(input, target, "mean"); }

    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) { return LossOps.l1Loss(input, target, reduction); }

    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return LossOps.smoothL1Loss(input, target, "mean", 1.0); }

    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        return LossOps.smoothL1Loss(input, target, reduction, beta);
    }

    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        return LossOps.huberLoss(input, target, reduction, delta);
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return LossOps.binaryCrossEntropy(input, target, null, "mean"); }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        return LossOps.binaryCrossEntropy(input, target, weight, reduction);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return LossOps.binaryCrossEntropyWithLogits(input, target, null, null, "mean");
    }

    /** weight (broadcast to the input) and posWeight (per class, last dim) may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, String reduction) {
        return LossOps.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /** input holds log-probabilities; reduction "mean", "sum", "none" or "batchmean". */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        return LossOps.klDiv(input, target, reduction, logTarget);
    }

    // ---------------------------------------------------------------- recurrent cells (RnnOps)

    /**
     * One LSTM step as {@code torch.nn.LSTMCell}: x (B, I) or (I), h and c (B, H), wIh (4H, I),
     * wHh (4H, H), biases (4H) or null; gate order i, f, g, o. Fused forward and backward kernels.
     */
    public static RnnOps.LstmState lstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RnnOps.lstmCell(x, h, c, wIh, wHh, bIh, bHh);
    }

    /**
     * One GRU step as {@code torch.nn.GRUCell}: x (B, I) or (I), h (B, H), wIh (3H, I), wHh (3H, H),
     * biases (3H) or null; gate order r, z, n. Fused forward and backward kernels.
     */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RnnOps.gruCell(x, h, wIh, wHh, bIh, bHh);
    }

    // ---------------------------------------------------------------- attention (AttentionOps)

    /**
     * {@code torch.nn.functional.scaled_dot_product_attention}: softmax(q·kᵀ·scale + mask)·v for q
     * (..., L, E), k (..., S, E), v (..., S, Ev). attnMask (nullable) is BOOL (keep where true) or a
     * float bias; isCausal lets query i see keys j ≤ i; scale NaN means 1/√E. Fused, blocked kernel
     * (no (L, S) matrix) unless dropoutP &gt; 0.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal,
                                                   double scale) {
        return AttentionOps.scaledDotProductAttention(q, k, v, attnMask, dropoutP, isCausal, scale);
    }

    /** Attention without mask, dropout or causality, scale 1/√E. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return AttentionOps.scaledDotProductAttention(q, k, v, null, 0, false, Double.NaN);
    }

    /** The attention output and its probabilities (..., L, S), both differentiable (need_weights). */
    public static AttentionOps.Attention scaledDotProductAttentionWithWeights(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP,
                                                                              boolean isCausal, double scale) {
        return AttentionOps.attentionWithWeights(q, k, v, attnMask, dropoutP, isCausal, scale);
    }

    // ---------------------------------------------------------------- more activations (ActivationOps)

    /** scale·elu(x, alpha) with SELU's constants (alpha ≈ 1.6733, scale ≈ 1.0507). */
    public static Tensor selu(Tensor x) { return ActivationOps.selu(x); }

    /** max(0, x) + min(0, alpha·(exp(x/alpha) - 1)); alpha must not be 0. */
    public static Tensor celu(Tensor x, double alpha) { return ActivationOps.celu(x, alpha); }

    public static Tensor celu(Tensor x) { return ActivationOps.celu(x, 1.0); }

    /** x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) { return ActivationOps.mish(x); }

    /** x·relu6(x + 3)/6. */
    public static Tensor hardswish(Tensor x) { return ActivationOps.hardswish(x); }

    /** relu6(x + 3)/6. */
    public static Tensor hardsigmoid(Tensor x) { return ActivationOps.hardsigmoid(x); }

    /** log(sigmoid(x)), stable for large |x| (-softplus(-x)). */
    public static Tensor logsigmoid(Tensor x) { return ActivationOps.logsigmoid(x); }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) { return ActivationOps.softsign(x); }

    /** x - tanh(x). */
    public static Tensor tanhshrink(Tensor x) { return ActivationOps.tanhshrink(x); }

    /** Shrinks towards zero by lambd (≥ 0), zero inside [-lambd, lambd]. */
    public static Tensor softshrink(Tensor x, double lambd) { return ActivationOps.softshrink(x, lambd); }

    public static Tensor softshrink(Tensor x) { return ActivationOps.softshrink(x, 0.5); }

    /** x where |x| &gt; lambd, zero elsewhere. */
    public static Tensor hardshrink(Tensor x, double lambd) { return ActivationOps.hardshrink(x, lambd); }

    public static Tensor hardshrink(Tensor x) { return ActivationOps.hardshrink(x, 0.5); }

    /** x where x &gt; threshold, value elsewhere. */
    public static Tensor threshold(Tensor x, double threshold, double value) { return ActivationOps.threshold(x, threshold, value); }

    /** Gated linear unit along dim (its size must be even): first half · sigmoid(second half). */
    public static Tensor glu(Tensor x, int dim) { return ActivationOps.glu(x, dim); }

    public static Tensor glu(Tensor x) { return ActivationOps.glu(x, -1); }

    /** max(0, x) + weight·min(0, x); weight has one element or one per channel (dim 1). */
    public static Tensor prelu(Tensor x, Tensor weight) { return ActivationOps.prelu(x, weight); }

    /** Randomized leaky ReLU (slopes uniform in [lower, upper) in training, their mean otherwise); default generator. */
    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training) {
        return ActivationOps.rrelu(x, lower, upper, training, Reel.defaultGenerator());
    }

    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Generator g) {
        return ActivationOps.rrelu(x, lower, upper, training, g);
    }

    /** rrelu with PyTorch's defaults lower = 1/8, upper = 1/3, evaluation mode. */
    public static Tensor rrelu(Tensor x) { return ActivationOps.rrelu(x, 1.0 / 8, 1.0 / 3, false, Reel.defaultGenerator()); }

    /** softmax(-x) along dim. */
    public static Tensor softmin(Tensor x, int dim) { return ActivationOps.softmin(x, dim); }

    // ---------------------------------------------------------------- pixel shuffle, instance norm, distances

    /** (*, C·r², H, W) → (*, C, H·r, W·r). */
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) { return PixelShuffleOps.pixelShuffle(x, upscaleFactor); }

    /** (*, C, H·r, W·r) → (*, C·r², H, W). */
    public static Tensor pixelUnshuffle(Tensor x, int downscaleFactor) { return PixelShuffleOps.pixelUnshuffle(x, downscaleFactor); }

    /**
     * Normalizes each (sample, channel) plane of (N, C, *) over its spatial elements; running
     * statistics, weight and bias (shape (C)) may be null. With useInputStats false the running
     * statistics are used instead.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return InstanceNormOps.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /** Instance norm with each plane's own statistics, no affine parameters, eps 1e-5. */
    public static Tensor instanceNorm(Tensor x) { return InstanceNormOps.instanceNorm(x, null, null, null, null, true, 0.1, 1e-5); }

    /** Cosine of the angle between x1 and x2 along dim (broadcast); each norm is raised to at least eps. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        return DistanceOps.cosineSimilarity(x1, x2, dim, eps);
    }

    /** dim 1, eps 1e-8. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return DistanceOps.cosineSimilarity(x1, x2, 1, 1e-8); }

    /** ‖x1 - x2 + eps‖_p along the last dim. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return DistanceOps.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    /** p 2, eps 1e-6, keepdim false. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) { return DistanceOps.pairwiseDistance(x1, x2, 2, 1e-6, false); }

    // ---------------------------------------------------------------- margin and likelihood losses (MarginLossOps, LikelihoodLossOps)

    /** max(0, -y·(x1 - x2) + margin); y is +1 or -1. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, String reduction) {
        return MarginLossOps.marginRankingLoss(input1, input2, target, margin, reduction);
    }

    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return MarginLossOps.marginRankingLoss(input1, input2, target, 0, "mean");
    }

    /** x where y = 1, max(0, margin - x) where y = -1 (margin 1 by default). */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, String reduction) {
        return MarginLossOps.hingeEmbeddingLoss(input, target, margin, reduction);
    }

    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) { return MarginLossOps.hingeEmbeddingLoss(input, target, 1, "mean"); }

    /** log(1 + exp(-y·x)). */
    public static Tensor softMarginLoss(Tensor input, Tensor target, String reduction) {
        return MarginLossOps.softMarginLoss(input, target, reduction);
    }

    public static Tensor softMarginLoss(Tensor input, Tensor target) { return MarginLossOps.softMarginLoss(input, target, "mean"); }

    /** 1 - cos(x1, x2) where y = 1, max(0, cos - margin) where y = -1. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, String reduction) {
        return MarginLossOps.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return MarginLossOps.cosineEmbeddingLoss(input1, input2, target, 0, "mean");
    }

    /** max(0, margin + d(a, p) - d(a, n)), d the pairwise p-norm distance; swap as in PyTorch. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                           boolean swap, String reduction) {
        return MarginLossOps.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /** margin 1, p 2, eps 1e-6, no swap, mean. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return MarginLossOps.tripletMarginLoss(anchor, positive, negative, 1, 2, 1e-6, false, "mean");
    }

    /** Per-class logistic loss averaged over the classes (last dim); weight (nullable) broadcasts. */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, String reduction) {
        return MarginLossOps.multilabelSoftMarginLoss(input, target, weight, reduction);
    }

    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) {
        return MarginLossOps.multilabelSoftMarginLoss(input, target, null, "mean");
    }

    /** Multi-class hinge loss of (N, C) scores against I64 classes; p 1 or 2, weight (C) or null. */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, String reduction) {
        return MarginLossOps.multiMarginLoss(input, target, p, margin, weight, reduction);
    }

    public static Tensor multiMarginLoss(Tensor input, Tensor target) { return MarginLossOps.multiMarginLoss(input, target, 1, 1, null, "mean"); }

    /** Poisson negative log-likelihood; logInput true means input is log(rate). */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, String reduction) {
        return LikelihoodLossOps.poissonNllLoss(input, target, logInput, full, eps, reduction);
    }

    public static Tensor poissonNllLoss(Tensor input, Tensor target) {
        return LikelihoodLossOps.poissonNllLoss(input, target, true, false, 1e-8, "mean");
    }

    /** Gaussian negative log-likelihood of target under mean input and variance var. */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, String reduction) {
        return LikelihoodLossOps.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
        return LikelihoodLossOps.gaussianNllLoss(input, target, var, false, 1e-6, "mean");
    }
}
