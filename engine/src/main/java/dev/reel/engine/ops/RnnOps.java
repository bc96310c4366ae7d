package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradMode;
import java.util.Arrays;
import java.util.List;

/**
 * The fused LSTM and GRU cells, as PyTorch's {@code LSTMCell} / {@code GRUCell} compute them.
 *
 * <pre>
 *   LSTM (gate order i, f, g, o):                GRU (gate order r, z, n):
 *     gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh      gi = x·W_ihᵀ + b_ih,  gh = h·W_hhᵀ + b_hh
 *     i, f, o = σ(...), g = tanh(...)              r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z)
 *     c' = f·c + i·g                               n = tanh(gi_n + r·gh_n)
 *     h' = o·tanh(c')                              h' = (1 - z)·n + z·h
 * </pre>
 *
 * Forward runs the two matrix products as ordinary (differentiable) matmuls, then ONE fused
 * pointwise kernel ({@code Backend.lstmCellForward} / {@code gruCellForward}) that also writes the
 * gate activations for backward. Backward runs one fused pointwise kernel for the gate gradients;
 * the matmul nodes then turn those into the weight and input gradients (GEMMs).
 *
 * <p>Every node has one output, so the LSTM node's output is {@code hc = [h' | c']} of shape
 * (B, 2H) and {@code h'} and {@code c'} are narrow views of it. Double backward (create_graph)
 * does not use the fused kernels: the backward formula is then recomputed from the saved inputs
 * with differentiable ops (the "reference" methods below, which also serve as the oracle in tests
 * and as the {@code Backend} default implementation).
 *
 * <pre>{@code
 * RnnOps.LstmState s = F.lstmCell(x, h, c, wIh, wHh, bIh, bHh);   // s.h(), s.c(): (B, H)
 * Tensor h2 = F.gruCell(x, h, wIh, wHh, bIh, bHh);
 * }</pre>
 */
public final class RnnOps {
    private RnnOps() {}

    /** An LSTM cell's new hidden and cell state. */
    public record LstmState(Tensor h, Tensor c) {}

    // ---------------------------------------------------------------- LSTM

    /**
     * One LSTM step: x (B, I) or (I), h and c (B, H) or (H), wIh (4H, I), wHh (4H, H), biases (4H)
     * or null.
     */
    public static LstmState lstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        String op = "lstm_cell";
        checkCell(op, x, h, wIh, wHh, bIh, bHh, 4);
        checkSame(op, "cx", c, h);
        if (x.dim() == 1) {
            LstmState s = lstmCell(x.unsqueeze(0), h.unsqueeze(0), c.unsqueeze(0), wIh, wHh, bIh, bHh);
            return new LstmState(s.h().squeeze(0), s.c().squeeze(0));
        }
        return lstmPointwise(x.matmul(wIh.t()), h.matmul(wHh.t()), c, bIh, bHh);
    }

    /**
     * The pointwise part of an LSTM step from the two projections gi = x·W_ihᵀ and gh = h·W_hhᵀ,
     * both (B, 4H), for layers that compute the input projection of all time steps at once.
     */
    public static LstmState lstmPointwise(Tensor gi, Tensor gh, Tensor c, Tensor bIh, Tensor bHh) {
        // autocast: the gate GEMMs ran in the lower type; the cell's pointwise math and state run in F32
        // (a state started from a lower-type input, as zeros of its dtype, is lifted too)
        gi = AutocastMode.fp32(gi);
        gh = AutocastMode.fp32(gh);
        c = AutocastMode.fp32(c);
        String op = "lstm_cell";
        checkPointwise(op, gi, gh, c, bIh, bHh, 4);
        int b = c.size(0), hs = c.size(1);
        Tensor hc = Creation.empty(gi.dtype(), gi.device(), b, 2 * hs);
        Tensor acts = Creation.empty(gi.dtype(), gi.device(), b, 4 * hs);
        gi.backend().lstmCellForward(gi, gh, bIh, bHh, c, hc, acts);
        Graph.record("LstmCellBackward0", hc, new Tensor[] {gi, gh, c, bIh, bHh}, new Tensor[] {gi, gh, c, bIh, bHh, acts, hc},
                (g, s) -> {
                    Tensor[] d = GradMode.isEnabled()
                            ? lstmBackwardDifferentiable(s[0], s[1], s[2], s[3], s[4], g)
                            : lstmBackwardFused(s[5], s[2], s[6], g);
                    Tensor dGates = d[0], dc = d[1];
                    Tensor dBias = s[3] != null || s[4] != null ? dGates.sum(0) : null;
                    return new Tensor[] {dGates, dGates, dc, s[3] != null ? dBias : null, s[4] != null ? dBias : null};
                });
        return new LstmState(hc.narrow(1, 0, hs), hc.narrow(1, hs, hs));
    }

    private static Tensor[] lstmBackwardFused(Tensor acts, Tensor c, Tensor hc, Tensor dhc) {
        Tensor dGates = Creation.empty(acts.dtype(), acts.device(), acts.shape());
        Tensor dc = Creation.empty(c.dtype(), c.device(), c.shape());
        acts.backend().lstmCellBackward(acts, c, hc, dhc, dGates, dc);
        return new Tensor[] {dGates, dc};
    }

    /** Backward recomputed from the inputs with differentiable ops, so that it can itself be differentiated. */
    private static Tensor[] lstmBackwardDifferentiable(Tensor gi, Tensor gh, Tensor c, Tensor bIh, Tensor bHh, Tensor dhc) {
        Tensor[] f = lstmForwardReference(gi, gh, bIh, bHh, c);
        int hs = c.size(1);
        return lstmBackwardReference(f[2], c, f[1], dhc.narrow(1, 0, hs), dhc.narrow(1, hs, hs));
    }

    /**
     * The composite LSTM pointwise step: returns {h', c', acts} with acts = [i | f | g | o] (B, 4H);
     * bIh and bHh may be null.
     */
    public static Tensor[] lstmForwardReference(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c) {
        Tensor pre = gi.add(gh);
        if (bIh != null) pre = pre.add(bIh);
        if (bHh != null) pre = pre.add(bHh);
        List<Tensor> q = pre.chunk(4, 1);
        Tensor i = q.get(0).sigmoid(), f = q.get(1).sigmoid(), g = q.get(2).tanh(), o = q.get(3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(g));
        Tensor h2 = o.mul(c2.tanh());
        return new Tensor[] {h2, c2, Tensor.cat(1, i, f, g, o)};
    }

    /**
     * The composite LSTM gate gradients from the activations acts = [i | f | g | o], the old cell c,
     * the new cell c' and the gradients dh' and dc': returns {dGates (B, 4H) w.r.t. the
     * pre-activations, dc (B, H)}.
     * <pre>
     *   dc_total = dc' + dh'·o·(1 - tanh²c')       dc = dc_total·f
     *   di = dc_total·g·i(1-i)   df = dc_total·c·f(1-f)   dg = dc_total·i·(1-g²)   do = dh'·tanh c'·o(1-o)
     * </pre>
     */
    public static Tensor[] lstmBackwardReference(Tensor acts, Tensor c, Tensor c2, Tensor dh, Tensor dc2) {
        List<Tensor> q = acts.chunk(4, 1);
        Tensor i = q.get(0), f = q.get(1), g = q.get(2), o = q.get(3);
        Tensor tc = c2.tanh();
        Tensor dcTotal = dc2.add(dh.mul(o).mul(tc.square().rsub(1.0)));
        Tensor di = dcTotal.mul(g).mul(i.mul(i.rsub(1.0)));
        Tensor df = dcTotal.mul(c).mul(f.mul(f.rsub(1.0)));
        Tensor dg = dcTotal.mul(i).mul(g.square().rsub(1.0));
        Tensor dout = dh.mul(tc).mul(o.mul(o.rsub(1.0)));
        return new Tensor[] {Tensor.cat(1, di, df, dg, dout), dcTotal.mul(f)};
    }

    // ---------------------------------------------------------------- GRU

    /** One GRU step: x (B, I) or (I), h (B, H) or (H), wIh (3H, I), wHh (3H, H), biases (3H) or null. */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        checkCell("gru_cell", x, h, wIh, wHh, bIh, bHh, 3);
        if (x.dim() == 1) return gruCell(x.unsqueeze(0), h.unsqueeze(0), wIh, wHh, bIh, bHh).squeeze(0);
        return gruPointwise(x.matmul(wIh.t()), h.matmul(wHh.t()), h, bIh, bHh);
    }

    /** The pointwise part of a GRU step from gi = x·W_ihᵀ and gh = h·W_hhᵀ, both (B, 3H). */
    public static Tensor gruPointwise(Tensor gi, Tensor gh, Tensor h, Tensor bIh, Tensor bHh) {
        // autocast: as lstmPointwise
        gi = AutocastMode.fp32(gi);
        gh = AutocastMode.fp32(gh);
        h = AutocastMode.fp32(h);
        String op = "gru_cell";
        checkPointwise(op, gi, gh, h, bIh, bHh, 3);
        int b = h.size(0), hs = h.size(1);
        Tensor out = Creation.empty(gi.dtype(), gi.device(), b, hs);
        Tensor acts = Creation.empty(gi.dtype(), gi.device(), b, 4 * hs);
        gi.backend().gruCellForward(gi, gh, bIh, bHh, h, out, acts);
        return Graph.record("GruCellBackward0", out, new Tensor[] {gi, gh, h, bIh, bHh}, new Tensor[] {gi, gh, h, bIh, bHh, acts},
                (g, s) -> {
                    Tensor[] d;
                    if (GradMode.isEnabled()) {
                        Tensor[] f = gruForwardReference(s[0], s[1], s[3], s[4], s[2]);
                        d = gruBackwardReference(f[1], s[2], g);
                    } else {
                        Tensor acts5 = s[5];
                        d = new Tensor[] {Creation.empty(g.dtype(), g.device(), b, 3 * hs), Creation.empty(g.dtype(), g.device(), b, 3 * hs),
                                Creation.empty(g.dtype(), g.device(), b, hs)};
                        acts5.backend().gruCellBackward(acts5, s[2], g, d[0], d[1], d[2]);
                    }
                    return new Tensor[] {d[0], d[1], d[2], s[3] != null ? d[0].sum(0) : null, s[4] != null ? d[1].sum(0) : null};
                });
    }

    /**
     * The composite GRU pointwise step: returns {h', acts} with acts = [r | z | n | hn] (B, 4H), where
     * hn = gh_n + b_hh_n is the hidden part of n that r multiplies.
     */
    public static Tensor[] gruForwardReference(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor h) {
        Tensor xi = bIh == null ? gi : gi.add(bIh), hh = bHh == null ? gh : gh.add(bHh);
        List<Tensor> a = xi.chunk(3, 1), b = hh.chunk(3, 1);
        Tensor r = a.get(0).add(b.get(0)).sigmoid();
        Tensor z = a.get(1).add(b.get(1)).sigmoid();
        Tensor hn = b.get(2);
        Tensor n = a.get(2).add(r.mul(hn)).tanh();
        Tensor h2 = n.add(z.mul(h.sub(n)));
        return new Tensor[] {h2, Tensor.cat(1, r, z, n, hn)};
    }

    /**
     * The composite GRU gradients from acts = [r | z | n | hn], the old h and dh': returns
     * {dGi (B, 3H), dGh (B, 3H), dh (B, H)}.
     * <pre>
     *   dn = dh'·(1-z)·(1-n²)   dz = dh'·(h-n)·z(1-z)   dr = dn·hn·r(1-r)   dh = dh'·z
     *   dGi = [dr | dz | dn]    dGh = [dr | dz | dn·r]
     * </pre>
     */
    public static Tensor[] gruBackwardReference(Tensor acts, Tensor h, Tensor dh2) {
        List<Tensor> q = acts.chunk(4, 1);
        Tensor r = q.get(0), z = q.get(1), n = q.get(2), hn = q.get(3);
        Tensor dn = dh2.mul(z.rsub(1.0)).mul(n.square().rsub(1.0));
        Tensor dz = dh2.mul(h.sub(n)).mul(z.mul(z.rsub(1.0)));
        Tensor dr = dn.mul(hn).mul(r.mul(r.rsub(1.0)));
        return new Tensor[] {Tensor.cat(1, dr, dz, dn), Tensor.cat(1, dr, dz, dn.mul(r)), dh2.mul(z)};
    }

    // ---------------------------------------------------------------- checks

    private static void checkCell(String op, Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, int gates) {
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.dtype().torchName());
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected input to be 1-D or 2-D, got " + x.dim() + "-D tensor " + Arrays.toString(x.shape()));
        }
        if (h.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": expected hidden state to be " + x.dim() + "-D (as the input), got "
                    + Arrays.toString(h.shape()));
        }
        int hs = h.size(-1);
        if (wIh.dim() != 2 || wIh.size(0) != gates * hs || wIh.size(1) != x.size(-1)) {
            throw new IllegalArgumentException(op + ": weight_ih must be [" + gates * hs + ", " + x.size(-1) + "] for input "
                    + Arrays.toString(x.shape()) + " and hidden " + Arrays.toString(h.shape()) + ", got " + Arrays.toString(wIh.shape()));
        }
        if (wHh.dim() != 2 || wHh.size(0) != gates * hs || wHh.size(1) != hs) {
            throw new IllegalArgumentException(op + ": weight_hh must be [" + gates * hs + ", " + hs + "], got " + Arrays.toString(wHh.shape()));
        }
        if (x.dim() == 2 && h.size(0) != x.size(0)) {
            throw new IllegalArgumentException(op + ": input batch size " + x.size(0) + " doesn't match hidden batch size " + h.size(0));
        }
        for (Tensor t : new Tensor[] {h, wIh, wHh, bIh, bHh}) {
            if (t != null && t.dtype() != x.dtype()) {
                throw new IllegalArgumentException(op + ": all tensors must have the input's dtype " + x.dtype().torchName() + ", got "
                        + t.dtype().torchName());
            }
        }
    }

    private static void checkSame(String op, String name, Tensor t, Tensor h) {
        if (!Arrays.equals(t.shape(), h.shape())) {
            throw new IllegalArgumentException(op + ": " + name + " must have the hidden state's shape " + Arrays.toString(h.shape()) + ", got "
                    + Arrays.toString(t.shape()));
        }
        if (t.dtype() != h.dtype()) {
            throw new IllegalArgumentException(op + ": " + name + " must have dtype " + h.dtype().torchName() + ", got " + t.dtype().torchName());
        }
    }

    private static void checkPointwise(String op, Tensor gi, Tensor gh, Tensor state, Tensor bIh, Tensor bHh, int gates) {
        if (state.dim() != 2) throw new IllegalArgumentException(op + ": expected a 2-D (B, H) state, got " + Arrays.toString(state.shape()));
        int[] expected = {state.size(0), gates * state.size(1)};
        for (Tensor t : new Tensor[] {gi, gh}) {
            if (!Arrays.equals(t.shape(), expected)) {
                throw new IllegalArgumentException(op + ": gate projections must be " + Arrays.toString(expected) + " for state "
                        + Arrays.toString(state.shape()) + ", got " + Arrays.toString(t.shape()));
            }
        }
        for (Tensor b : new Tensor[] {bIh, bHh}) {
            if (b != null && (b.dim() != 1 || b.size(0) != expected[1])) {
                throw new IllegalArgumentException(op + ": biases must be [" + expected[1] + "], got " + Arrays.toString(b.shape()));
            }
        }
        for (Tensor t : new Tensor[] {gh, state, bIh, bHh}) {
            if (t != null && t.dtype() != gi.dtype()) {
                throw new IllegalArgumentException(op + ": dtypes differ (" + gi.dtype().torchName() + " and " + t.dtype().torchName() + ")");
            }
            if (t != null && !t.device().equals(gi.device())) {
                throw new IllegalArgumentException(op + ": tensors on different devices (" + gi.device() + " and " + t.device() + ")");
            }
        }
    }
}
