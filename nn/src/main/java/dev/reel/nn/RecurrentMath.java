package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.RnnOps;
import java.util.List;

/**
 * One time step of the three recurrent cells, as PyTorch defines them. The input projection
 * {@code xw = x·W_ihᵀ + b_ih} is passed in precomputed, so that a sequence layer can compute it for
 * all time steps in one matrix product and leave only {@code h·W_hhᵀ} inside the loop.
 */
final class RecurrentMath {
    private RecurrentMath() {}

    /** h·W_hhᵀ + b_hh (b_hh may be null). */
    static Tensor hidden(Tensor h, Tensor whh, Tensor bhh) {
        Tensor hw = h.matmul(whh.t());
        return bhh == null ? hw : hw.add(bhh);
    }

    /** h' = tanh(xw + h·W_hhᵀ + b_hh), or relu. */
    static Tensor rnnStep(Tensor xw, Tensor h, Tensor whh, Tensor bhh, boolean relu) {
        Tensor pre = xw.add(hidden(h, whh, bhh));
        return relu ? pre.relu() : pre.tanh();
    }

    /**
     * gates = xw + h·W_hhᵀ + b_hh, split into input, forget, cell and output gates (PyTorch's
     * order i, f, g, o); c' = f·c + i·g, h' = o·tanh(c'). Returns {h', c'}.
     */
    static Tensor[] lstmStep(Tensor xw, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        if (xw.dim() == 2) { // batched: the engine's fused pointwise kernel
            RnnOps.LstmState s = RnnOps.lstmPointwise(xw, h.matmul(whh.t()), c, null, bhh);
            return new Tensor[] {s.h(), s.c()};
        }
        List<Tensor> g = xw.add(hidden(h, whh, bhh)).chunk(4, -1);
        Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), cell = g.get(2).tanh(), o = g.get(3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(cell));
        return new Tensor[] {o.mul(c2.tanh()), c2};
    }

    /**
     * r = σ(xw_r + hw_r), z = σ(xw_z + hw_z), n = tanh(xw_n + r·hw_n), h' = (1 - z)·n + z·h, with
     * hw = h·W_hhᵀ + b_hh (PyTorch's gate order r, z, n; note r multiplies hw_n including its bias).
     */
    static Tensor gruStep(Tensor xw, Tensor h, Tensor whh, Tensor bhh) {
        if (xw.dim() == 2) return RnnOps.gruPointwise(xw, h.matmul(whh.t()), h, null, bhh); // batched: fused kernel
        List<Tensor> gx = xw.chunk(3, -1);
        List<Tensor> gh = hidden(h, whh, bhh).chunk(3, -1);
        Tensor r = gx.get(0).add(gh.get(0)).sigmoid();
        Tensor z = gx.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gx.get(2).add(r.mul(gh.get(2))).tanh();
        return n.add(z.mul(h.sub(n)));   // (1 - z)·n + z·h
    }

    /** x·W_ihᵀ + b_ih (b_ih may be null). */
    static Tensor inputProjection(Tensor x, Tensor wih, Tensor bih) {
        Tensor xw = x.matmul(wih.t());
        return bih == null ? xw : xw.add(bih);
    }
}
