package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Loss functions with PyTorch's semantics (reductions "mean", "sum", "none"; weighted means divide
 * by the summed weights of the targets that count). Every loss is composed of differentiable ops,
 * so its gradient and second derivative come for free.
 */
public final class LossOps {
    private LossOps() {}

    private static Tensor reduce(Tensor loss, String reduction, String op) {
        return switch (reduction) {
            case "mean" -> loss.mean();
            case "sum" -> loss.sum();
            case "none" -> loss;
            default -> throw new IllegalArgumentException(op + ": " + reduction + " is not a valid value for reduction "
                    + "(expected 'mean', 'sum' or 'none')");
        };
    }

    private static void checkSameShape(Tensor input, Tensor target, String op) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target size " + Arrays.toString(target.shape())
                    + " must be the same as input size " + Arrays.toString(input.shape()));
        }
    }

    /** Moves the class dim (1) of (N, C, d1...) last and flattens: (N·d1·..., C); (C) becomes (1, C). */
    private static Tensor classesLast(Tensor x) {
        if (x.dim() == 1) return x.unsqueeze(0);
        if (x.dim() == 2) return x;
        return x.movedim(1, -1).reshape(-1, x.size(1));
    }

    /**
     * Negative log-likelihood of class indices: input (N, C) or (N, C, d...) or (C) of
     * log-probabilities, target (N) / (N, d...) / () of I64 class indices.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        String op = "nll_loss";
        if (target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected target of class indices (int64), got " + target.dtype().torchName());
        }
        int c = input.dim() == 1 ? input.size(0) : input.size(1);
        int[] expect = input.dim() == 1 ? new int[0] : dropDim1(input.shape());
        if (!Arrays.equals(target.shape(), expect)) {
            throw new IllegalArgumentException(op + ": expected target of shape " + Arrays.toString(expect) + " for input "
                    + Arrays.toString(input.shape()) + ", got " + Arrays.toString(target.shape()));
        }
        if (weight != null && (weight.dim() != 1 || weight.size(0) != c)) {
            throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + c
                    + " classes or no classes but got weight tensor of shape " + Arrays.toString(weight.shape()));
        }
        Tensor logp = classesLast(input);
        Tensor t = target.to(DType.I64).reshape(-1);
        Tensor keep = t.ne((double) ignoreIndex);
        checkClassRange(t, keep, c, op);
        Tensor safeT = Tensor.where(keep, t, t.newScalar(0));
        Tensor picked = logp.gather(1, safeT.unsqueeze(1)).squeeze(1).neg();
        Tensor w = weight == null ? keep.to(input.dtype()) : weight.to(input.dtype()).indexSelect(0, safeT).mul(keep.to(input.dtype()));
        Tensor loss = picked.mul(w);
        return switch (reduction) {
            case "mean" -> loss.sum().div(w.sum());
            case "sum" -> loss.sum();
            case "none" -> loss.reshape(target.shape());
            default -> reduce(loss, reduction, op);
        };
    }

    private static int[] dropDim1(int[] s) {
        int[] r = new int[s.length - 1];
        r[0] = s[0];
        System.arraycopy(s, 2, r, 1, s.length - 2);
        return r;
    }

    private static void checkClassRange(Tensor t, Tensor keep, int c, String op) {
        Tensor bad = t.lt(0.0).logicalOr(t.ge((double) c)).logicalAnd(keep);
        if (bad.any().itemBoolean()) {
            long v = t.maskedSelect(bad).toLongArray()[0];
            throw new IndexOutOfBoundsException(op + ": target " + v + " is out of bounds for " + c + " classes");
        }
    }

    /**
     * Cross entropy of logits (N, C) / (N, C, d...) / (C) against class indices (I64) or class
     * probabilities (same shape as the input), with class weights, ignoreIndex and label smoothing.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction,
                                      double labelSmoothing) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        String op = "cross_entropy";
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException(op + ": label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        int c = input.size(classDim);
        Tensor logp = SoftmaxOps.logSoftmax(input, classDim);
        if (target.dtype().isFloatingPoint()) {
            checkSameShape(input, target, op);
            Tensor t = target.to(input.dtype());
            if (labelSmoothing > 0) t = t.mul(1 - labelSmoothing).add(labelSmoothing / c);
            Tensor prod = logp.mul(t);
            if (weight != null) prod = prod.mul(classShaped(weight.to(input.dtype()), input.dim(), classDim));
            Tensor loss = prod.sum(classDim).neg();
            return reduce(loss, reduction, op);
        }
        Tensor nll = nllLoss(logp, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) return nll;
        Tensor keep = target.to(DType.I64).ne((double) ignoreIndex);
        Tensor smooth = weight == null ? logp.sum(classDim).neg()
                : logp.mul(classShaped(weight.to(input.dtype()), input.dim(), classDim)).sum(classDim).neg();
        smooth = smooth.mul(keep.to(input.dtype()));
        Tensor ret = switch (reduction) {
            case "mean" -> weight == null ? smooth.sum().div(keep.to(input.dtype()).sum())
                    : smooth.sum().div(weight.to(input.dtype()).indexSelect(0, target.to(DType.I64).maskedSelect(keep)).sum());
            case "sum" -> smooth.sum();
            case "none" -> smooth;
            default -> reduce(smooth, reduction, op);
        };
        return nll.mul(1 - labelSmoothing).add(ret.mul(labelSmoothing / c));
    }

    /** Weight (C) viewed to broadcast along the class dim of a rank-r input. */
    private static Tensor classShaped(Tensor w, int rank, int classDim) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[classDim] = w.size(0);
        return w.reshape(s);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "mse_loss");
        return reduce(input.sub(target).square(), reduction, "mse_loss");
    }

    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "l1_loss");
        return reduce(input.sub(target).abs(), reduction, "l1_loss");
    }

    /** 0.5·d²/β where |d| &lt; β, else |d| - 0.5·β (β = 0 is the L1 loss). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "smooth_l1_loss");
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss: beta must be non-negative, got " + beta);
        Tensor d = input.sub(target).abs();
        if (beta == 0) return reduce(d, reduction, "smooth_l1_loss");
        Tensor loss = Tensor.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta));
        return reduce(loss, reduction, "smooth_l1_loss");
    }

    /** 0.5·d² where |d| ≤ δ, else δ·(|d| - 0.5·δ). */
    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "huber_loss");
        if (delta <= 0) throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        Tensor d = input.sub(target).abs();
        Tensor loss = Tensor.where(d.le(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta));
        return reduce(loss, reduction, "huber_loss");
    }

    /** -(t·log x + (1-t)·log(1-x)), each log clamped at -100 as PyTorch; x must lie in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "binary_cross_entropy");
        if (input.lt(0.0).logicalOr(input.gt(1.0)).any().itemBoolean()) {
            throw new IllegalArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1");
        }
        Tensor logX = input.log().clampMin(-100), log1mX = input.rsub(1.0).log().clampMin(-100);
        Tensor loss = target.mul(logX).add(target.rsub(1.0).mul(log1mX)).neg();
        if (weight != null) loss = loss.mul(weight);
        return reduce(loss, reduction, "binary_cross_entropy");
    }

    /**
     * The stable form (1-t)·x + (1 + (p-1)·t)·(log(1 + e^(-|x|)) + max(-x, 0)), with pos_weight p
     * (broadcast along the last dim) and an optional elementwise weight.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, String reduction) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        checkSameShape(input, target, "binary_cross_entropy_with_logits");
        Tensor t = target.to(input.dtype());
        Tensor softTerm = input.abs().neg().exp().log1p().add(input.neg().clampMin(0));
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(t).add(1.0);
        Tensor loss = t.rsub(1.0).mul(input).add(logWeight == null ? softTerm : logWeight.mul(softTerm));
        if (weight != null) loss = loss.mul(weight);
        return reduce(loss, reduction, "binary_cross_entropy_with_logits");
    }

    /**
     * KL divergence with input as log-probabilities: t·(log t - x) (0 where t = 0), or with
     * {@code logTarget} e^t·(t - x). "batchmean" divides the sum by the batch size.
     */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        // autocast: the float32 list (PyTorch's) runs in F32
        input = AutocastMode.fp32(input);
        target = AutocastMode.fp32(target);
        Shapes.broadcast(input.shape(), target.shape(), "kl_div");
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0.0);
            Tensor safe = Tensor.where(positive, target, target.newScalar(1));
            Tensor xlogy = Tensor.where(positive, target.mul(safe.log()), target.mul(0.0));
            loss = xlogy.sub(target.mul(input));
        }
        if (reduction.equals("batchmean")) {
            return input.dim() == 0 ? loss.sum() : loss.sum().div(input.size(0));
        }
        return reduce(loss, reduction, "kl_div");
    }
}
