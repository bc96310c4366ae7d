package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The margin and embedding losses of {@code torch.nn.functional}: margin_ranking_loss,
 * hinge_embedding_loss, soft_margin_loss, cosine_embedding_loss, triplet_margin_loss,
 * multilabel_soft_margin_loss and multi_margin_loss, with PyTorch's checks and reductions
 * ("mean", "sum", "none"). All are composed of differentiable ops.
 *
 * <pre>{@code
 * Tensor l = MarginLossOps.marginRankingLoss(score1, score2, y, 0.5, "mean");  // y = +1 or -1
 * }</pre>
 */
public final class MarginLossOps {
    private MarginLossOps() {}

    static Tensor reduce(Tensor loss, String reduction, String op) {
        return switch (reduction) {
            case "mean" -> loss.mean();
            case "sum" -> loss.sum();
            case "none" -> loss;
            default -> throw new IllegalArgumentException(op + ": " + reduction + " is not a valid value for reduction "
                    + "(expected 'mean', 'sum' or 'none')");
        };
    }

    static void checkFloating(Tensor x, String op, String what) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point " + what + ", got " + x.dtype().torchName());
        }
    }

    /** max(0, -y·(x1 - x2) + margin), all three of the same rank (and broadcastable). */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input1 = AutocastMode.fp32(input1);
        input2 = AutocastMode.fp32(input2);
        target = AutocastMode.fp32(target);
        String op = "margin_ranking_loss";
        if (input1.dim() != input2.dim() || input1.dim() != target.dim()) {
            throw new IllegalArgumentException(op + ": All input tensors should have same dimension but got sizes: input1: "
                    + Arrays.toString(input1.shape()) + ", input2: " + Arrays.toString(input2.shape()) + ", target: "
                    + Arrays.toString(target.shape()));
        }
        checkFloating(input1, op, "input1");
        Shapes.broadcast(Shapes.broadcast(input1.shape(), input2.shape(), op), target.shape(), op);
        return reduce(target.neg().mul(input1.sub(input2)).add(margin).clampMin(0), reduction, op);
    }

    /** x where y = 1, max(0, margin - x) where y = -1 (both where y is neither, as PyTorch's formula gives). */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        String op = "hinge_embedding_loss";
        checkFloating(input, op, "input");
        Shapes.broadcast(input.shape(), target.shape(), op);
        Tensor zero = input.newScalar(0);
        Tensor marginPart = Tensor.where(target.ne(1.0), input.rsub(margin).clampMin(0), zero);
        Tensor selfPart = Tensor.where(target.ne(-1.0), input, zero);
        return reduce(marginPart.add(selfPart), reduction, op);
    }

    /** log(1 + exp(-y·x)), computed as softplus(-y·x) so that it does not overflow. */
    public static Tensor softMarginLoss(Tensor input, Tensor target, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        String op = "soft_margin_loss";
        checkFloating(input, op, "input");
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target size " + Arrays.toString(target.shape())
                    + " must be the same as input size " + Arrays.toString(input.shape()));
        }
        return reduce(input.mul(target).neg().softplus(), reduction, op);
    }

    /**
     * 1 - cos(x1, x2) where y = 1, max(0, cos - margin) where y = -1; x1, x2 (N, D) with y (N),
     * or (D) with a 0-D y. cos = x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12)), as PyTorch.
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input1 = AutocastMode.fp32(input1);
        input2 = AutocastMode.fp32(input2);
        target = AutocastMode.fp32(target);
        String op = "cosine_embedding_loss";
        int t = target.dim();
        if (t > 1) throw new IllegalArgumentException(op + ": 0D or 1D target tensor expected, multi-target not supported");
        if (t == 1 && (input1.dim() != 2 || input2.dim() != 2)) {
            throw new IllegalArgumentException(op + ": 1D target tensor expects 2D input tensors, but found inputs with sizes "
                    + Arrays.toString(input1.shape()) + " and " + Arrays.toString(input2.shape()) + ".");
        }
        if (t == 0 && (input1.dim() != 1 || input2.dim() != 1)) {
            throw new IllegalArgumentException(op + ": 0D target tensor expects 1D input tensors, but found inputs with sizes "
                    + Arrays.toString(input1.shape()) + " and " + Arrays.toString(input2.shape()) + ".");
        }
        checkFloating(input1, op, "input1");
        Shapes.broadcast(input1.shape(), input2.shape(), op);
        final double tiny = 1e-12;
        Tensor prod = input1.mul(input2).sum(t, false);
        Tensor mag1 = input1.square().sum(t, false).add(tiny);
        Tensor mag2 = input2.square().sum(t, false).add(tiny);
        Tensor cos = prod.div(mag1.mul(mag2).sqrt());
        Tensor zero = cos.newScalar(0);
        Tensor pos = Tensor.where(target.eq(1.0), cos.rsub(1.0), zero);
        Tensor neg = Tensor.where(target.eq(-1.0), cos.sub(margin).clampMin(0), zero);
        return reduce(pos.add(neg), reduction, op);
    }

    /**
     * max(0, margin + d(a, p) - d(a, n)) with d the pairwise p-norm distance (eps added to the
     * difference); swap uses min(d(a, n), d(p, n)) as the negative distance.
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                           boolean swap, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        anchor = AutocastMode.fp32(anchor);
        positive = AutocastMode.fp32(positive);
        negative = AutocastMode.fp32(negative);
        String op = "triplet_margin_loss";
        if (anchor.dim() != positive.dim() || positive.dim() != negative.dim()) {
            throw new IllegalArgumentException(op + ": The anchor, positive, and negative tensors are expected to have the same number "
                    + "of dimensions, but got: anchor " + anchor.dim() + "D, positive " + positive.dim() + "D, and negative "
                    + negative.dim() + "D inputs");
        }
        Tensor dPos = DistanceOps.pairwiseDistance(anchor, positive, p, eps, false);
        Tensor dNeg = DistanceOps.pairwiseDistance(anchor, negative, p, eps, false);
        if (swap) dNeg = dNeg.minimum(DistanceOps.pairwiseDistance(positive, negative, p, eps, false));
        return reduce(dPos.sub(dNeg).add(margin).clampMin(0), reduction, op);
    }

    /**
     * -(y·logσ(x) + (1 - y)·logσ(-x)), times weight (nullable, broadcast), averaged over the
     * classes (last dim): one value per sample, then reduced.
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        weight = AutocastMode.fp32(weight);
        String op = "multilabel_soft_margin_loss";
        checkFloating(input, op, "input");
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": expected an input of at least 1 dim (N, C) or (C), got a scalar");
        Shapes.broadcast(input.shape(), target.shape(), op);
        Tensor loss = target.mul(ActivationOps.logsigmoid(input)).add(target.rsub(1.0).mul(ActivationOps.logsigmoid(input.neg()))).neg();
        if (weight != null) loss = loss.mul(weight);
        int classDim = input.dim() - 1;
        loss = loss.sum(classDim, false).div(input.size(classDim));
        return reduce(loss, reduction, op);
    }

    /**
     * Multi-class hinge loss: for input (N, C) or (C) and class indices (N) or (), the sum over
     * the classes i ≠ y of weight[y]·max(0, margin - x[y] + x[i])^p, divided by C; p is 1 or 2.
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        weight = AutocastMode.fp32(weight);
        String op = "multi_margin_loss";
        if (p != 1 && p != 2) throw new IllegalArgumentException(op + ": only p == 1 and p == 2 supported");
        checkFloating(input, op, "input");
        if (weight != null && weight.dim() != 1) throw new IllegalArgumentException(op + ": weight must be one-dimensional");
        if (input.dim() > 2 || input.numel() == 0 && input.dim() > 0) {
            throw new IllegalArgumentException(op + ": Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                    + Arrays.toString(input.shape()));
        }
        if (target.dtype() != DType.I64) {
            throw new IllegalArgumentException(op + ": expected target of dtype torch.int64, got " + target.dtype().torchName());
        }
        Tensor x = input.dim() == 2 ? input : input.reshape(1, -1);
        int n = x.size(0), c = x.size(1);
        if (target.dim() > 1 || target.numel() != n) {
            throw new IllegalArgumentException(op + ": inconsistent target size, expected " + n + " but got " + Arrays.toString(target.shape()));
        }
        if (weight != null && weight.numel() != c) {
            throw new IllegalArgumentException(op + ": weight should contain " + c + " elements not " + weight.numel());
        }
        Tensor y = target.reshape(n, 1);
        if (y.lt(0.0).logicalOr(y.ge((double) c)).any().itemBoolean()) {
            long bad = y.maskedSelect(y.lt(0.0).logicalOr(y.ge((double) c))).toLongArray()[0];
            throw new IndexOutOfBoundsException(op + ": target " + bad + " is out of bounds for " + c + " classes");
        }
        Tensor xy = x.gather(1, y);                                   // (N, 1): the score of the true class
        Tensor z = x.sub(xy).add(margin).clampMin(0);                // (N, C)
        if (p == 2) z = z.square();
        if (weight != null) z = z.mul(weight.indexSelect(0, target.reshape(n)).reshape(n, 1));
        Tensor others = EmbeddingOps.oneHot(target.reshape(n), c).eq(0.0).to(z.dtype()); // 0 at the true class
        Tensor loss = z.mul(others).sum(1, false).div(c);
        if (input.dim() < 2) loss = loss.reshape();
        return reduce(loss, reduction, op);
    }
}
