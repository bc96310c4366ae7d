package dev.reel.engine;

import dev.reel.engine.PyTorchCalls.Call;
import dev.reel.engine.ops.InterpolateOps;
import dev.reel.engine.ops.PoolOps;
import dev.reel.engine.testing.FixtureArgs;
import java.util.List;

/**
 * The {@code torch.nn.functional} part of {@link PyTorchCalls}: each PyTorch function name to its
 * {@link F} counterpart, with PyTorch's defaults for arguments the fixture leaves out.
 */
final class PyTorchFunctional {

    private PyTorchFunctional() {}

    static List<Tensor> call(String name, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        int n = spatialRank(name);
        return switch (name) {
            case "relu6" -> List.of(F.relu6(x));
            case "leaky_relu" -> List.of(F.leakyRelu(x, a.real("negative_slope", 0.01)));
            case "elu" -> List.of(F.elu(x, a.real("alpha", 1.0)));
            case "gelu" -> List.of(F.gelu(x, a.string("approximate", "none")));
            case "silu" -> List.of(F.silu(x));
            case "softplus" -> List.of(F.softplus(x, a.real("beta", 1), a.real("threshold", 20)));
            case "hardtanh" -> List.of(F.hardtanh(x, a.real("min_val", -1), a.real("max_val", 1)));
            case "linear" -> List.of(F.linear(x, c.get("weight"), c.get("bias")));
            case "conv1d", "conv2d", "conv3d" -> List.of(conv(n, c));
            case "conv_transpose1d", "conv_transpose2d", "conv_transpose3d" -> List.of(convTranspose(n, c));
            case "max_pool1d", "max_pool2d", "max_pool3d" -> maxPool(n, c);
            case "avg_pool1d", "avg_pool2d", "avg_pool3d" -> List.of(avgPool(n, c));
            case "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d" -> {
                int[] size = a.ints("output_size", n, 1);
                yield List.of(switch (n) {
                    case 1 -> F.adaptiveAvgPool1d(x, size);
                    case 2 -> F.adaptiveAvgPool2d(x, size);
                    default -> F.adaptiveAvgPool3d(x, size);
                });
            }
            case "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d" -> {
                int[] size = a.ints("output_size", n, 1);
                PoolOps.Pooled p = switch (n) {
                    case 1 -> F.adaptiveMaxPool1dWithIndices(x, size);
                    case 2 -> F.adaptiveMaxPool2dWithIndices(x, size);
                    default -> F.adaptiveMaxPool3dWithIndices(x, size);
                };
                yield a.bool("return_indices", false) ? List.of(p.values(), p.indices()) : List.of(p.values());
            }
            case "softmax" -> List.of(F.softmax(x, a.integer("dim", -1)));
            case "log_softmax" -> List.of(F.logSoftmax(x, a.integer("dim", -1)));
            case "layer_norm" -> List.of(F.layerNorm(x, a.ints("normalized_shape", new int[0]), c.get("weight"), c.get("bias"),
                    a.real("eps", 1e-5)));
            case "group_norm" -> List.of(F.groupNorm(x, a.integer("num_groups", 1), c.get("weight"), c.get("bias"), a.real("eps", 1e-5)));
            case "batch_norm" -> List.of(F.batchNorm(x, c.get("running_mean"), c.get("running_var"), c.get("weight"), c.get("bias"),
                    a.bool("training", false), a.real("momentum", 0.1), a.real("eps", 1e-5)));
            case "cross_entropy" -> List.of(F.crossEntropy(x, c.get("target"), c.get("weight"), a.integer("ignore_index", -100),
                    a.string("reduction", "mean"), a.real("label_smoothing", 0)));
            case "nll_loss" -> List.of(F.nllLoss(x, c.get("target"), c.get("weight"), a.integer("ignore_index", -100),
                    a.string("reduction", "mean")));
            case "mse_loss" -> List.of(F.mseLoss(x, c.get("target"), a.string("reduction", "mean")));
            case "l1_loss" -> List.of(F.l1Loss(x, c.get("target"), a.string("reduction", "mean")));
            case "smooth_l1_loss" -> List.of(F.smoothL1Loss(x, c.get("target"), a.string("reduction", "mean"), a.real("beta", 1.0)));
            case "binary_cross_entropy" -> List.of(F.binaryCrossEntropy(x, c.get("target"), c.get("weight"), a.string("reduction", "mean")));
            case "binary_cross_entropy_with_logits" -> List.of(F.binaryCrossEntropyWithLogits(x, c.get("target"), c.get("weight"),
                    c.get("pos_weight"), a.string("reduction", "mean")));
            case "kl_div" -> List.of(F.klDiv(x, c.get("target"), a.string("reduction", "mean"), a.bool("log_target", false)));
            case "embedding" -> List.of(a.has("padding_idx") ? F.embedding(x, c.get("weight"), a.integer("padding_idx", 0))
                    : F.embedding(x, c.get("weight")));
            case "one_hot" -> List.of(F.oneHot(x, a.integer("num_classes", -1)));
            case "pad" -> List.of(F.pad(x, a.ints("pad", new int[0]), a.string("mode", "constant"), a.real("value", 0)));
            case "interpolate" -> List.of(interpolate(c));
            case "selu" -> List.of(F.selu(x));
            case "celu" -> List.of(F.celu(x, a.real("alpha", 1.0)));
            case "mish" -> List.of(F.mish(x));
            case "hardswish" -> List.of(F.hardswish(x));
            case "hardsigmoid" -> List.of(F.hardsigmoid(x));
            case "logsigmoid" -> List.of(F.logsigmoid(x));
            case "softsign" -> List.of(F.softsign(x));
            case "tanhshrink" -> List.of(F.tanhshrink(x));
            case "softshrink" -> List.of(F.softshrink(x, a.real("lambd", 0.5)));
            case "hardshrink" -> List.of(F.hardshrink(x, a.real("lambd", 0.5)));
            case "threshold" -> List.of(F.threshold(x, a.real("threshold", 0), a.real("value", 0)));
            case "glu" -> List.of(F.glu(x, a.integer("dim", -1)));
            case "prelu" -> List.of(F.prelu(x, c.get("weight")));
            case "rrelu" -> List.of(F.rrelu(x, a.real("lower", 1.0 / 8), a.real("upper", 1.0 / 3), a.bool("training", false)));
            case "softmin" -> List.of(F.softmin(x, a.integer("dim", -1)));
            case "pixel_shuffle" -> List.of(F.pixelShuffle(x, a.integer("upscale_factor", 1)));
            case "pixel_unshuffle" -> List.of(F.pixelUnshuffle(x, a.integer("downscale_factor", 1)));
            case "instance_norm" -> List.of(F.instanceNorm(x, c.get("running_mean"), c.get("running_var"), c.get("weight"), c.get("bias"),
                    a.bool("use_input_stats", true), a.real("momentum", 0.1), a.real("eps", 1e-5)));
            case "cosine_similarity" -> List.of(F.cosineSimilarity(x, c.get("x2"), a.integer("dim", 1), a.real("eps", 1e-8)));
            case "pairwise_distance" -> List.of(F.pairwiseDistance(x, c.get("x2"), a.real("p", 2), a.real("eps", 1e-6),
                    a.bool("keepdim", false)));
            case "margin_ranking_loss" -> List.of(F.marginRankingLoss(x, c.get("input2"), c.get("target"), a.real("margin", 0),
                    a.string("reduction", "mean")));
            case "hinge_embedding_loss" -> List.of(F.hingeEmbeddingLoss(x, c.get("target"), a.real("margin", 1),
                    a.string("reduction", "mean")));
            case "soft_margin_loss" -> List.of(F.softMarginLoss(x, c.get("target"), a.string("reduction", "mean")));
            case "cosine_embedding_loss" -> List.of(F.cosineEmbeddingLoss(x, c.get("input2"), c.get("target"), a.real("margin", 0),
                    a.string("reduction", "mean")));
            case "triplet_margin_loss" -> List.of(F.tripletMarginLoss(x, c.get("positive"), c.get("negative"), a.real("margin", 1),
                    a.real("p", 2), a.real("eps", 1e-6), a.bool("swap", false), a.string("reduction", "mean")));
            case "multilabel_soft_margin_loss" -> List.of(F.multilabelSoftMarginLoss(x, c.get("target"), c.get("weight"),
                    a.string("reduction", "mean")));
            case "multi_margin_loss" -> List.of(F.multiMarginLoss(x, c.get("target"), a.integer("p", 1), a.real("margin", 1),
                    c.get("weight"), a.string("reduction", "mean")));
            case "poisson_nll_loss" -> List.of(F.poissonNllLoss(x, c.get("target"), a.bool("log_input", true), a.bool("full", false),
                    a.real("eps", 1e-8), a.string("reduction", "mean")));
            case "gaussian_nll_loss" -> List.of(F.gaussianNllLoss(x, c.get("target"), c.get("var"), a.bool("full", false),
                    a.real("eps", 1e-6), a.string("reduction", "mean")));
            default -> throw new IllegalArgumentException("no Reel mapping for torch.nn.functional." + name);
        };
    }

    /** 1, 2 or 3 from a name ending in "1d", "2d", "3d"; 0 otherwise. */
    private static int spatialRank(String name) {
        return name.matches(".*[123]d") ? name.charAt(name.length() - 2) - '0' : 0;
    }

    private static Tensor interpolate(Call c) {
        FixtureArgs a = c.args();
        Boolean alignCorners = a.has("align_corners") ? a.bool("align_corners", false) : null;
        String mode = a.string("mode", "nearest");
        if (a.has("size")) {
            int[] size = a.node("size").isArray() ? a.ints("size", new int[0]) : new int[] {a.integer("size", 0)};
            return InterpolateOps.interpolate(c.x(), size, null, mode, alignCorners);
        }
        double[] scale = a.node("scale_factor").isArray() ? a.reals("scale_factor") : new double[] {a.real("scale_factor", 1)};
        return InterpolateOps.interpolate(c.x(), null, scale, mode, alignCorners);
    }

    private static Tensor conv(int n, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        Tensor w = c.get("weight");
        Tensor b = c.get("bias");
        int[] dilation = a.ints("dilation", n, 1);
        int groups = a.integer("groups", 1);
        if (a.node("padding").isTextual()) {
            String padding = a.string("padding", "valid");
            return switch (n) {
                case 1 -> F.conv1d(x, w, b, padding, dilation, groups);
                case 2 -> F.conv2d(x, w, b, padding, dilation, groups);
                default -> F.conv3d(x, w, b, padding, dilation, groups);
            };
        }
        int[] stride = a.ints("stride", n, 1);
        int[] padding = a.ints("padding", n, 0);
        return switch (n) {
            case 1 -> F.conv1d(x, w, b, stride, padding, dilation, groups);
            case 2 -> F.conv2d(x, w, b, stride, padding, dilation, groups);
            default -> F.conv3d(x, w, b, stride, padding, dilation, groups);
        };
    }

    private static Tensor convTranspose(int n, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        Tensor w = c.get("weight");
        Tensor b = c.get("bias");
        int[] stride = a.ints("stride", n, 1);
        int[] padding = a.ints("padding", n, 0);
        int[] outputPadding = a.ints("output_padding", n, 0);
        int groups = a.integer("groups", 1);
        int[] dilation = a.ints("dilation", n, 1);
        return switch (n) {
            case 1 -> F.convTranspose1d(x, w, b, stride, padding, outputPadding, groups, dilation);
            case 2 -> F.convTranspose2d(x, w, b, stride, padding, outputPadding, groups, dilation);
            default -> F.convTranspose3d(x, w, b, stride, padding, outputPadding, groups, dilation);
        };
    }

    private static List<Tensor> maxPool(int n, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        int[] kernel = a.ints("kernel_size", n, 1);
        int[] stride = a.has("stride") ? a.ints("stride", n, 1) : kernel;  // PyTorch: stride defaults to the kernel
        int[] padding = a.ints("padding", n, 0);
        int[] dilation = a.ints("dilation", n, 1);
        boolean ceil = a.bool("ceil_mode", false);
        PoolOps.Pooled p = switch (n) {
            case 1 -> F.maxPool1dWithIndices(x, kernel, stride, padding, dilation, ceil);
            case 2 -> F.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceil);
            default -> F.maxPool3dWithIndices(x, kernel, stride, padding, dilation, ceil);
        };
        return a.bool("return_indices", false) ? List.of(p.values(), p.indices()) : List.of(p.values());
    }

    private static Tensor avgPool(int n, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        int[] kernel = a.ints("kernel_size", n, 1);
        int[] stride = a.has("stride") ? a.ints("stride", n, 1) : kernel;
        int[] padding = a.ints("padding", n, 0);
        boolean ceil = a.bool("ceil_mode", false);
        boolean countIncludePad = a.bool("count_include_pad", true);
        return switch (n) {
            case 1 -> F.avgPool1d(x, kernel, stride, padding, ceil, countIncludePad, 0);
            case 2 -> F.avgPool2d(x, kernel, stride, padding, ceil, countIncludePad, 0);
            default -> F.avgPool3d(x, kernel, stride, padding, ceil, countIncludePad, 0);
        };
    }
}
