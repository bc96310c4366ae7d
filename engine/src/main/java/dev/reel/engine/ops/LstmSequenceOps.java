package dev.reel.engine.ops;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradMode;
import java.util.Arrays;

/**
 * One LSTM layer in one direction over a whole sequence, as a single op (cuDNN's and oneDNN's
 * scheme): the equations of {@link RnnOps#lstmCell}, run for t = 0..T-1 (or T-1..0 with
 * {@code reverse}).
 *
 * <pre>
 *   shapes: x (T, B, I), h0 and c0 (B, H), wIh (4H, I), wHh (4H, H), biases (4H) or null
 *   forward:  A = X·W_ihᵀ            one GEMM for all T·B rows (it becomes the gate buffer), in the backend
 *             per step: A_t += h_{t-1}·W_hhᵀ, then the fused pointwise cell → acts_t, h_t, c_t
 *   backward: per step (reverse order): dG_t from dh_t, dc_t; dh_{t-1} = dG_t·W_hh
 *             then one GEMM each: dW_ih = dGᵀ·X, dW_hh = dGᵀ·H_prev, dX = dG·W_ih; db = Σ dG
 * </pre>
 *
 * Only the serial part runs step by step, inside the backend's {@code lstmSequenceForward} /
 * {@code lstmSequenceBackward}; there are no tensors or graph nodes per step. The op records ONE
 * node whose output is {@code hc} (T, B, 2H), {@code [h_t | c_t]} for each step; the sequence
 * output and the final states are views of it. Forward saves the gate activations and hc for
 * backward. Double backward (create_graph) does not use the fused kernels: the backward is then
 * written with differentiable ops from the saved inputs (the per-step formulation of
 * {@link RnnOps#lstmForwardReference} / {@link RnnOps#lstmBackwardReference}).
 *
 * <pre>{@code
 * LstmSequenceOps.Result r = LstmSequenceOps.lstm(x, h0, c0, wIh, wHh, bIh, bHh, false);
 * r.output();   // (T, B, H)
 * r.h();        // (B, H), the state after the last step processed
 * }</pre>
 */
public final class LstmSequenceOps {
    private LstmSequenceOps() {}

    /** The outputs of one layer and direction, all views of {@code hc} (T, B, 2H). */
    public record Result(Tensor hc, Tensor output, Tensor h, Tensor c) {}

    /** Runs the layer; see the class comment for shapes. */
    public static Result lstm(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        check(x, h0, c0, wIh, wHh, bIh, bHh);
        int steps = x.size(0), batch = x.size(1), hs = h0.size(1);
        Tensor hc = Creation.empty(x.dtype(), x.device(), steps, batch, 2 * hs);
        Tensor acts = Creation.empty(x.dtype(), x.device(), steps, batch, 4 * hs);
        x.backend().lstmSequenceForward(x, wIh, wHh, bIh, bHh, h0, c0, reverse, acts, hc);
        boolean xGrad = x.requiresGrad();
        Tensor[] inputs = {x, h0, c0, wIh, wHh, bIh, bHh};
        Graph.record("LstmSequenceBackward0", hc, inputs, new Tensor[] {x, h0, c0, wIh, wHh, bIh, bHh, acts, hc},
                (g, s) -> GradMode.isEnabled()
                        ? backwardDifferentiable(g, s[0], s[1], s[2], s[3], s[4], s[5], s[6], reverse)
                        : backwardFused(g, s, reverse, xGrad));
        int last = reverse ? 0 : steps - 1;
        Tensor end = hc.select(0, last);
        return new Result(hc, hc.narrow(2, 0, hs), end.narrow(1, 0, hs), end.narrow(1, hs, hs));
    }

    /** The backward from the saved activations: the serial part in the backend, then one GEMM per weight. */
    private static Tensor[] backwardFused(Tensor dhc, Tensor[] s, boolean reverse, boolean xGrad) {
        Tensor x = s[0], h0 = s[1], c0 = s[2], wIh = s[3], wHh = s[4], bIh = s[5], bHh = s[6], acts = s[7], hc = s[8];
        int steps = x.size(0), batch = x.size(1), in = x.size(2), hs = h0.size(1);
        Tensor dGates = Creation.empty(acts.dtype(), acts.device(), acts.shape());
        Tensor dh0 = Creation.empty(h0.dtype(), h0.device(), h0.shape());
        Tensor dc0 = Creation.empty(c0.dtype(), c0.device(), c0.shape());
        acts.backend().lstmSequenceBackward(acts, hc, c0, wHh, dhc.contiguous(), reverse, dGates, dh0, dc0);
        Tensor dG = dGates.reshape(steps * batch, 4 * hs);
        Tensor dWih = weightGradient(dG, x.reshape(steps * batch, in));
        // H_prev, the h each step read, row-aligned with dG: h_{t-1} (forward) or h_{t+1} (reverse), h0 at the first step processed
        Tensor h0Row = h0.unsqueeze(0), prevH = h0Row;
        if (steps > 1) {
            Tensor rest = hc.narrow(0, reverse ? 1 : 0, steps - 1).narrow(2, 0, hs);
            prevH = reverse ? Tensor.cat(0, rest, h0Row) : Tensor.cat(0, h0Row, rest);
        }
        Tensor dWhh = weightGradient(dG, prevH.reshape(steps * batch, hs));
        // both biases get Σ over the T·B rows of dG, as a 1-row GEMM
        Tensor dBias = bIh != null || bHh != null ? Creation.full(1, dG.dtype(), dG.device(), 1, steps * batch).matmul(dG).reshape(4 * hs) : null;
        Tensor dx = xGrad ? dG.matmul(wIh).reshape(steps, batch, in) : null;
        return new Tensor[] {dx, dh0, dc0, dWih, dWhh, bIh != null ? dBias : null, bHh != null ? dBias : null};
    }

    /**
     * dW = dGᵀ·A (4H, n) over the T·B rows. With many rows the GEMM is faster as Aᵀ·dG (n, 4H) with
     * the long 4H side along the vectors, and the small result is transposed after; with few rows
     * the transposed copy of the (large) result would cost more than it saves.
     */
    private static Tensor weightGradient(Tensor dG, Tensor a) {
        if (dG.size(0) < dG.size(1)) return dG.t().matmul(a);
        return a.t().matmul(dG).t().contiguous();
    }

    /**
     * The backward written with differentiable ops, for create_graph: the forward is recomputed step
     * by step from the inputs, then the gate gradients run back through time.
     */
    private static Tensor[] backwardDifferentiable(Tensor dhc, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh,
                                                   Tensor bHh, boolean reverse) {
        int steps = x.size(0), hs = h0.size(1);
        Tensor xw = x.matmul(wIh.t());
        Tensor[] acts = new Tensor[steps], cPrev = new Tensor[steps], hPrev = new Tensor[steps], cNew = new Tensor[steps];
        Tensor h = h0, c = c0;
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            Tensor[] f = RnnOps.lstmForwardReference(xw.select(0, t), h.matmul(wHh.t()), bIh, bHh, c);
            hPrev[t] = h;
            cPrev[t] = c;
            acts[t] = f[2];
            cNew[t] = f[1];
            h = f[0];
            c = f[1];
        }
        Tensor dh = null, dc = null, dWih = null, dWhh = null, dBias = null;
        Tensor[] dx = new Tensor[steps];
        for (int i = steps - 1; i >= 0; i--) {
            int t = reverse ? steps - 1 - i : i;
            Tensor g = dhc.select(0, t);
            Tensor dhT = g.narrow(1, 0, hs), dcT = g.narrow(1, hs, hs);
            if (dh != null) {
                dhT = dhT.add(dh);
                dcT = dcT.add(dc);
            }
            Tensor[] d = RnnOps.lstmBackwardReference(acts[t], cPrev[t], cNew[t], dhT, dcT);
            Tensor dG = d[0];
            dh = dG.matmul(wHh);
            dc = d[1];
            dx[t] = dG.matmul(wIh);
            dWih = sum(dWih, dG.t().matmul(x.select(0, t)));
            dWhh = sum(dWhh, dG.t().matmul(hPrev[t]));
            dBias = sum(dBias, dG.sum(0));
        }
        return new Tensor[] {Tensor.stack(Arrays.asList(dx), 0), dh, dc, dWih, dWhh, bIh != null ? dBias : null,
                bHh != null ? dBias : null};
    }

    private static Tensor sum(Tensor acc, Tensor t) { return acc == null ? t : acc.add(t); }

    private static void check(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        String op = "lstm_sequence";
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        if (x.dim() != 3 || x.size(0) == 0) {
            throw new IllegalArgumentException(op + ": expected input (T, B, I) with T >= 1, got " + Arrays.toString(x.shape()));
        }
        int batch = x.size(1);
        if (h0.dim() != 2 || h0.size(0) != batch) {
            throw new IllegalArgumentException(op + ": h0 must be (B, H) with B = " + batch + ", got " + Arrays.toString(h0.shape()));
        }
        int hs = h0.size(1);
        if (!Arrays.equals(c0.shape(), h0.shape())) {
            throw new IllegalArgumentException(op + ": c0 must have h0's shape " + Arrays.toString(h0.shape()) + ", got " + Arrays.toString(c0.shape()));
        }
        if (wIh.dim() != 2 || wIh.size(0) != 4 * hs || wIh.size(1) != x.size(2)) {
            throw new IllegalArgumentException(op + ": weight_ih must be [" + 4 * hs + ", " + x.size(2) + "], got " + Arrays.toString(wIh.shape()));
        }
        if (wHh.dim() != 2 || wHh.size(0) != 4 * hs || wHh.size(1) != hs) {
            throw new IllegalArgumentException(op + ": weight_hh must be [" + 4 * hs + ", " + hs + "], got " + Arrays.toString(wHh.shape()));
        }
        for (Tensor b : new Tensor[] {bIh, bHh}) {
            if (b != null && (b.dim() != 1 || b.size(0) != 4 * hs)) {
                throw new IllegalArgumentException(op + ": biases must be [" + 4 * hs + "], got " + Arrays.toString(b.shape()));
            }
        }
        for (Tensor t : new Tensor[] {h0, c0, wIh, wHh, bIh, bHh}) {
            if (t == null) continue;
            if (t.dtype() != x.dtype()) {
                throw new IllegalArgumentException(op + ": all tensors must have the input's dtype " + x.dtype().torchName() + ", got "
                        + t.dtype().torchName());
            }
            if (!t.device().equals(x.device())) {
                throw new IllegalArgumentException(op + ": tensors on different devices (" + x.device() + " and " + t.device() + ")");
            }
        }
    }
}
