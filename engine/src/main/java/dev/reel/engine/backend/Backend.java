package dev.reel.engine.backend;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.AttentionOps;
import dev.reel.engine.ops.Creation;
import dev.reel.engine.ops.OptimOps;
import dev.reel.engine.ops.RnnOps;

/**
 * The primitive kernels every device implements. Ops (in {@code dev.reel.engine.ops}) do the
 * checks, shape inference and autograd, then call these; so a backend gets every op and every
 * gradient by implementing this small set.
 *
 * <p>Conventions: all tensors passed belong to this backend's device. Inputs may be any strided
 * view (including stride-0 broadcast views); outputs are freshly allocated unless a method says
 * otherwise, and may be written through their strides. Shapes have already been checked.
 * Backends are found with {@link java.util.ServiceLoader}; the CPU backend is built in.
 *
 * <p>The fused kernels at the end (LSTM/GRU cell, ...) have default implementations composed of the
 * primitive tensor ops, so a backend gets them for free and overrides them to go faster.
 */
public interface Backend {
    /** The device type this backend serves. */
    Device.Type deviceType();

    /** True when the backend can run here (a GPU and its driver were found, ...). */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false, or an empty string. */
    String unavailableReason();

    /** A zero-filled storage. */
    Storage allocate(Device device, DType dtype, int size);

    /**
     * A storage for an op's output that its kernel writes in full before anything reads it: the
     * contents are unspecified (a recycled buffer is not zero-filled first). The default zero-fills
     * as {@link #allocate} does. Only for kernels that provably write every element; outputs that a
     * kernel accumulates into (scatter-add, gradients of views) use {@link #allocate}.
     */
    default Storage allocateForOverwrite(Device device, DType dtype, int size) { return allocate(device, dtype, size); }

    /** Copies a host storage to this device. */
    Storage upload(Device device, Storage hostStorage);

    /** Copies this device's storage to the host (synchronizing). */
    Storage download(Storage storage);

    /** out[...] = value. */
    void fill(Tensor out, double value);

    /** dst[...] = (dst.dtype) src[...]; same shape; the views may be arbitrary. */
    void copy(Tensor src, Tensor dst);

    /** out = op(x), same shape; p1/p2 are the op's parameters (see {@link UnaryOp}). */
    void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2);

    /** out = op(a, b); a and b already broadcast (expanded) to out's shape, same dtype. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = cond ? a : b; all broadcast to out's shape; cond is BOOL, a and b have out's dtype. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /** out (x's shape with 1 at every reduced dim) = op over {@code dims} of x. */
    void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out);

    /**
     * Max ({@code max = true}) or min along one dim: values (x's dtype) and I64 indices, both
     * shaped as x with 1 at dim. Ties take the first index; NaN wins, as in PyTorch.
     */
    void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices);

    /** Inclusive prefix sum along dim. */
    void cumsum(Tensor x, int dim, Tensor out);

    /** out[b] = a[b] @ c[b] for 3-D a (B, M, K), c (B, K, N) and contiguous out (B, M, N). */
    void matmul(Tensor a, Tensor c, Tensor out);

    /** Convolution: y = conv(x, w), all 5-D; see {@link ConvGeometry}. */
    void conv(ConvGeometry g, Tensor x, Tensor w, Tensor y);

    /**
     * Convolution plus a per-output-channel bias (C_out, x's dtype): y = conv(x, w) + bias. The
     * default adds the bias in a second pass; a backend overrides it to add the bias while the
     * output is still in cache.
     */
    default void convBias(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        conv(g, x, w, y);
        int[] ys = y.shape();
        Tensor b = Tensor.fromStorage(bias.storage(), ys, new int[] {0, bias.stride(0), 0, 0, 0}, bias.offset());
        binary(BinaryOp.ADD, y, b, y);
    }

    /** The gradient of conv with respect to its input: dx (zero-filled on entry) from dy and w. */
    void convBackwardInput(ConvGeometry g, Tensor dy, Tensor w, Tensor dx);

    /** The gradient of conv with respect to its weight: dw (zero-filled on entry) from x and dy. */
    void convBackwardWeight(ConvGeometry g, Tensor x, Tensor dy, Tensor dw);

    /**
     * Max pooling over 5-D x into y, writing into {@code indices} (I64, y's shape) the flat index of
     * the winner within its (n, c) plane of D*H*W, as PyTorch's return_indices.
     */
    void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices);

    /** Average pooling over 5-D x into y. */
    void avgPool(PoolGeometry g, Tensor x, Tensor y);

    /** The transpose of {@link #avgPool}: dx (zero-filled on entry) += spread of dy. */
    void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx);

    /** out[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (and so on), index I64 shaped as out. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** out[index[i][j][k]][j][k] = src (or +=, when accumulate) for dim 0, and so on; in place on out. */
    void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate);

    /** out = x.index_select(dim, index) for a 1-D I64 index. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** out.index_add_(dim, index, src) in place: out's slice index[i] += src's slice i. */
    void indexAdd(Tensor out, int dim, Tensor index, Tensor src);

    /**
     * Fills out from the Philox 4x32-10 stream of {@code seed}, starting at 32-bit word
     * {@code offset}: uniform in [a, b) or normal with mean a and std b. Element i uses words
     * offset + i*w ... (w = 1 for F32 uniform, 2 otherwise); see {@link dev.reel.engine.Philox}.
     */
    void random(Tensor out, boolean normal, long seed, long offset, double a, double b);

    // ---------------------------------------------------------------- fused kernels with composite defaults

    /**
     * ReLU's gradient (PyTorch's {@code threshold_backward} at 0): out = y &lt;= 0 ? 0 : g, where y
     * is ReLU's output (or input: the sign is the same). g, y and out have one shape and dtype; g
     * and y may be any strided views; out is fresh. A NaN y passes the gradient, as PyTorch; a NaN
     * or infinite g where y &lt;= 0 gives 0 (a select, not a product).
     */
    default void reluBackward(Tensor g, Tensor y, Tensor out) {
        try (var off = Grad.off()) {
            copy(g.newScalar(0).where(y.le(0.0), g), out);
        }
    }


    /**
     * The LSTM cell's pointwise step (see {@link RnnOps}): from the projections gi, gh (B, 4H), the
     * biases (4H, nullable) and the cell c (B, H), writes hc = [h' | c'] (B, 2H) and the gate
     * activations acts = [i | f | g | o] (B, 4H). hc and acts are fresh and contiguous.
     */
    default void lstmCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts) {
        try (var off = Grad.off()) {
            Tensor[] r = RnnOps.lstmForwardReference(gi, gh, bIh, bHh, c);
            copy(Tensor.cat(1, r[0], r[1]), hc);
            copy(r[2], acts);
        }
    }

    /**
     * The LSTM cell's gate gradients from acts, c, hc (as written by {@link #lstmCellForward}) and
     * dhc = [dh' | dc'] (B, 2H, any strides): writes dGates (B, 4H) and dc (B, H), fresh and contiguous.
     */
    default void lstmCellBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        try (var off = Grad.off()) {
            int h = c.size(1);
            Tensor[] r = RnnOps.lstmBackwardReference(acts, c, hc.narrow(1, h, h), dhc.narrow(1, 0, h), dhc.narrow(1, h, h));
            copy(r[0], dGates);
            copy(r[1], dc);
        }
    }

    /**
     * The GRU cell's pointwise step: from gi, gh (B, 3H), the biases (3H, nullable) and h (B, H),
     * writes h' (B, H) and acts = [r | z | n | hn] (B, 4H), fresh and contiguous.
     */
    default void gruCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor h, Tensor out, Tensor acts) {
        try (var off = Grad.off()) {
            Tensor[] r = RnnOps.gruForwardReference(gi, gh, bIh, bHh, h);
            copy(r[0], out);
            copy(r[1], acts);
        }
    }

    /** The GRU cell's gradients from acts, h and dh' (any strides): writes dGi, dGh (B, 3H) and dh (B, H). */
    default void gruCellBackward(Tensor acts, Tensor h, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        try (var off = Grad.off()) {
            Tensor[] r = RnnOps.gruBackwardReference(acts, h, dOut);
            copy(r[0], dGi);
            copy(r[1], dGh);
            copy(r[2], dh);
        }
    }

    /**
     * One LSTM layer over a sequence (see {@code LstmSequenceOps}): x (T, B, I, any strides), the
     * weights wIh (4H, I), wHh (4H, H), biases (4H, nullable), h0, c0 (B, H), the state before the
     * first step processed (t = 0..T-1, or T-1..0 with reverse). Writes the gate activations
     * [i | f | g | o] of every step into acts (T, B, 4H) and hc_t = [h_t | c_t] into hc (T, B, 2H),
     * both fresh and contiguous.
     */
    default void lstmSequenceForward(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse,
                                     Tensor acts, Tensor hc) {
        try (var off = Grad.off()) {
            int steps = x.size(0), batch = x.size(1), hs = h0.size(1);
            Tensor gi = x.reshape(steps * batch, x.size(2)).matmul(wIh.t()).reshape(steps, batch, 4 * hs);
            Tensor h = h0, c = c0, wt = wHh.t();
            for (int i = 0; i < steps; i++) {
                int t = reverse ? steps - 1 - i : i;
                Tensor stepHc = Creation.empty(acts.dtype(), acts.device(), batch, 2 * hs);
                Tensor stepActs = Creation.empty(acts.dtype(), acts.device(), batch, 4 * hs);
                lstmCellForward(gi.select(0, t), h.matmul(wt), bIh, bHh, c, stepHc, stepActs);
                copy(stepActs, acts.select(0, t));
                copy(stepHc, hc.select(0, t));
                h = stepHc.narrow(1, 0, hs);
                c = stepHc.narrow(1, hs, hs);
            }
        }
    }

    /**
     * The serial part of the LSTM layer's backward: from acts and hc (as {@link #lstmSequenceForward}
     * left them), c0 and dhc (T, B, 2H, contiguous), the gradient of hc, writes the gate gradients
     * dGates (T, B, 4H) and the initial-state gradients dh0, dc0 (B, H), all fresh and contiguous.
     */
    default void lstmSequenceBackward(Tensor acts, Tensor hc, Tensor c0, Tensor wHh, Tensor dhc, boolean reverse, Tensor dGates,
                                      Tensor dh0, Tensor dc0) {
        try (var off = Grad.off()) {
            int steps = acts.size(0), batch = acts.size(1), hs = c0.size(1);
            Tensor carry = null;   // [dh | dc] flowing into the step processed before this one
            for (int i = steps - 1; i >= 0; i--) {
                int t = reverse ? steps - 1 - i : i, prev = reverse ? t + 1 : t - 1;
                Tensor cPrev = i == 0 ? c0 : hc.select(0, prev).narrow(1, hs, hs);
                Tensor dStep = carry == null ? dhc.select(0, t) : dhc.select(0, t).add(carry);
                Tensor dG = Creation.empty(acts.dtype(), acts.device(), batch, 4 * hs);
                Tensor dc = Creation.empty(acts.dtype(), acts.device(), batch, hs);
                lstmCellBackward(acts.select(0, t), cPrev, hc.select(0, t), dStep, dG, dc);
                copy(dG, dGates.select(0, t));
                carry = Tensor.cat(1, dG.matmul(wHh), dc);
            }
            copy(carry.narrow(1, 0, hs), dh0);
            copy(carry.narrow(1, hs, hs), dc0);
        }
    }

    /**
     * Scaled dot-product attention forward (see {@link AttentionOps}): q (..., L, E), k (..., S, E),
     * v (..., S, Ev) with one batch shape (stride-0 broadcast views allowed), mask null or
     * (..., L, S) BOOL (keep where true) or float (added), causal (never with a mask). Writes out
     * (..., L, Ev) and lse (..., L), each row's log-sum-exp of the scores (-∞ when all its keys are
     * masked, and then a zero output row); both fresh and contiguous.
     */
    default void attentionForward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        try (var off = Grad.off()) {
            Tensor[] r = AttentionOps.forwardReference(q, k, v, mask, causal, scale);
            copy(r[0], out);
            copy(r[1], lse);
        }
    }

    /**
     * Scaled dot-product attention backward from the saved out and lse and the output gradient dOut:
     * writes dq, dk, dv (fresh, contiguous, shaped as q, k, v).
     */
    default void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse,
                                   Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        try (var off = Grad.off()) {
            Tensor[] r = AttentionOps.backwardReference(q, k, v, mask, causal, scale, out, lse, dOut);
            copy(r[0], dq);
            copy(r[1], dk);
            copy(r[2], dv);
        }
    }

    /**
     * softmax (or, with {@code log}, log-softmax) of each row of the contiguous 2-D x (R, N) into
     * out (R, N), shifting each row by its maximum (by 0 when that maximum is not finite, as the
     * composite op does).
     */
    default void softmaxRows(Tensor x, boolean log, Tensor out) {
        try (var off = Grad.off()) {
            Tensor m = x.amax(new int[] {1}, true);
            Tensor shifted = x.sub(m.where(m.isFinite(), m.newScalar(0)));
            Tensor e = shifted.exp();
            copy(log ? shifted.sub(e.sum(1, true).log()) : e.div(e.sum(1, true)), out);
        }
    }

    /**
     * The gradient of {@link #softmaxRows} for each row of the contiguous 2-D y (its output) and dy
     * (R, N), into dx (R, N): softmax dx = y·(dy - Σ dy·y); log-softmax dx = dy - e^y·Σ dy.
     */
    default void softmaxBackwardRows(Tensor y, Tensor dy, boolean log, Tensor dx) {
        try (var off = Grad.off()) {
            copy(log ? dy.sub(y.exp().mul(dy.sum(1, true))) : y.mul(dy.sub(dy.mul(y).sum(1, true))), dx);
        }
    }

    /**
     * Layer norm of each row of the contiguous 2-D x (R, N): out = (x - mean)·rstd·weight + bias
     * with rstd = 1/√(var + eps) (biased variance); weight and bias (N) may be null. Also writes
     * mean and rstd (R) for backward.
     */
    default void layerNormRows(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        try (var off = Grad.off()) {
            Tensor mu = x.mean(1, true);
            Tensor centered = x.sub(mu);
            Tensor r = centered.square().mean(1, true).add(eps).rsqrt();
            Tensor y = centered.mul(r);
            if (weight != null) y = y.mul(weight);
            if (bias != null) y = y.add(bias);
            copy(y, out);
            copy(mu.reshape(-1), mean);
            copy(r.reshape(-1), rstd);
        }
    }

    /**
     * One Adam/AdamW step in place on p, m (exp_avg), v (exp_avg_sq) and vMax (max_exp_avg_sq, null
     * unless amsgrad), as {@code torch.optim.Adam}/{@code AdamW} (see {@link OptimOps#adamStep}).
     * All tensors have p's shape, dtype and device; g is only read.
     */
    default void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                          double eps, double weightDecay, boolean decoupled, double step) {
        try (var off = Grad.off()) {
            OptimOps.adamStepReference(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
        }
    }

    /**
     * One SGD step in place on p and the momentum buffer buf (null when momentum is 0), as
     * {@code torch.optim.SGD} (see {@link OptimOps#sgdStep}); on the first step buf's contents are
     * ignored and overwritten.
     */
    default void sgdStep(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                         boolean nesterov, boolean firstStep) {
        try (var off = Grad.off()) {
            OptimOps.sgdStepReference(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        }
    }
}
