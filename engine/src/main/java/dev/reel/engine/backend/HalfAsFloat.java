package dev.reel.engine.backend;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * The one dispatch rule for the 16-bit floats: no compute kernel ever sees a BF16 or F16 tensor.
 * {@link Backends} wraps every backend in this class; a kernel call whose tensors are all of other
 * types goes straight through, and a call with a half tensor among them runs as
 *
 * <ol>
 *   <li>cast in: each half input is copied to a fresh F32 tensor (a stride-0 broadcast dim stays
 *       stride 0, so a broadcast scalar is not materialised);</li>
 *   <li>the backend's F32 kernel runs, each half output replaced by a fresh F32 tensor (an output
 *       the kernel also reads, as scatter's or an optimizer state's, is cast in first);</li>
 *   <li>cast out: each F32 result is copied back into the half output, rounding to nearest even.</li>
 * </ol>
 *
 * <p>So one op on half inputs gives exactly its F32 result rounded once, as PyTorch's CPU kernels do
 * (they accumulate half sums and products in float). Storage-level kernels (allocate, fill, copy,
 * upload, download) are the backend's own: they are what casts in and out.
 *
 * <pre>{@code
 * Backend b = Backends.of(Device.CPU);  // already wrapped
 * Tensor x = Tensor.randn(4, 4).to(DType.BF16);
 * x.matmul(x);                          // an F32 GEMM on the widened copies, rounded to BF16
 * }</pre>
 */
public final class HalfAsFloat implements Backend {
    private final Backend inner;

    /** Wraps {@code inner}; its allocate/fill/copy must handle BF16 and F16 storage. */
    public HalfAsFloat(Backend inner) {
        this.inner = inner;
    }

    /** The wrapped backend. */
    public Backend inner() { return inner; }

    private static boolean anyHalf(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype().isHalf()) return true;
        return false;
    }

    /** One kernel call's F32 stand-ins and the half outputs they are copied back into. */
    private final class Call {
        private final List<Tensor[]> writeBack = new ArrayList<>();

        private Tensor fresh(Tensor like, int[] shape) {
            Device d = like.device();
            return Tensor.fromStorage(inner.allocate(d, DType.F32, Shapes.numel(shape)), shape, Shapes.contiguousStrides(shape), 0);
        }

        /** An F32 copy of a half input (others pass through); broadcast dims stay stride 0. */
        Tensor in(Tensor t) {
            if (t == null || !t.dtype().isHalf()) return t;
            int[] shape = t.shape(), st = t.strides(), compact = shape.clone();
            for (int i = 0; i < shape.length; i++) if (st[i] == 0) compact[i] = 1;
            Tensor f = fresh(t, compact);
            inner.copy(Tensor.fromStorage(t.storage(), compact, st, t.offset()), f);
            int[] fst = f.strides();
            for (int i = 0; i < shape.length; i++) if (st[i] == 0) fst[i] = 0;
            return Tensor.fromStorage(f.storage(), shape, fst, 0);
        }

        /** A fresh F32 stand-in for a half output, copied back by {@link #finish()}. */
        Tensor out(Tensor t) {
            if (t == null || !t.dtype().isHalf()) return t;
            Tensor f = fresh(t, t.shape());
            writeBack.add(new Tensor[] {f, t});
            return f;
        }

        /** An output the kernel also reads: cast in, and copied back. */
        Tensor inOut(Tensor t) {
            if (t == null || !t.dtype().isHalf()) return t;
            Tensor f = fresh(t, t.shape());
            inner.copy(t, f);
            writeBack.add(new Tensor[] {f, t});
            return f;
        }

        void finish() {
            for (Tensor[] p : writeBack) inner.copy(p[0], p[1]);
        }
    }

    // ---------------------------------------------------------------- storage: the backend's own

    @Override public Device.Type deviceType() { return inner.deviceType(); }

    @Override public boolean isAvailable() { return inner.isAvailable(); }

    @Override public String unavailableReason() { return inner.unavailableReason(); }

    @Override public Storage allocate(Device device, DType dtype, int size) { return inner.allocate(device, dtype, size); }

    @Override public Storage allocateForOverwrite(Device device, DType dtype, int size) { return inner.allocateForOverwrite(device, dtype, size); }

    @Override public Storage upload(Device device, Storage hostStorage) { return inner.upload(device, hostStorage); }

    @Override public Storage download(Storage storage) { return inner.download(storage); }

    @Override public void fill(Tensor out, double value) { inner.fill(out, value); }

    @Override public void copy(Tensor src, Tensor dst) { inner.copy(src, dst); }

    // ---------------------------------------------------------------- compute: cast in, F32 kernel, cast out

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        if (!anyHalf(x, out)) { inner.unary(op, x, out, p1, p2); return; }
        Call c = new Call();
        inner.unary(op, c.in(x), c.out(out), p1, p2);
        c.finish();
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!anyHalf(a, b, out)) { inner.binary(op, a, b, out); return; }
        Call c = new Call();
        inner.binary(op, c.in(a), c.in(b), c.out(out));
        c.finish();
    }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        if (!anyHalf(a, b, out)) { inner.where(cond, a, b, out); return; }
        Call c = new Call();
        inner.where(cond, c.in(a), c.in(b), c.out(out));
        c.finish();
    }

    @Override public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        if (!anyHalf(x, out)) { inner.reduce(op, x, dims, out); return; }
        Call c = new Call();
        inner.reduce(op, c.in(x), dims, c.out(out));
        c.finish();
    }

    @Override public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        if (!anyHalf(x, values)) { inner.argReduce(max, x, dim, values, indices); return; }
        Call c = new Call();
        inner.argReduce(max, c.in(x), dim, c.out(values), indices);
        c.finish();
    }

    @Override public void cumsum(Tensor x, int dim, Tensor out) {
        if (!anyHalf(x, out)) { inner.cumsum(x, dim, out); return; }
        Call c = new Call();
        inner.cumsum(c.in(x), dim, c.out(out));
        c.finish();
    }

    @Override public void matmul(Tensor a, Tensor b, Tensor out) {
        if (!anyHalf(a, b, out)) { inner.matmul(a, b, out); return; }
        Call c = new Call();
        inner.matmul(c.in(a), c.in(b), c.out(out));
        c.finish();
    }

    @Override public void conv(ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        if (!anyHalf(x, w, y)) { inner.conv(g, x, w, y); return; }
        Call c = new Call();
        inner.conv(g, c.in(x), c.in(w), c.out(y));
        c.finish();
    }

    @Override public void convBias(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        if (!anyHalf(x, w, bias, y)) { inner.convBias(g, x, w, bias, y); return; }
        Call c = new Call();
        inner.convBias(g, c.in(x), c.in(w), c.in(bias), c.out(y));
        c.finish();
    }

    // dx and dw arrive zero-filled, and a fresh F32 stand-in is zero-filled too
    @Override public void convBackwardInput(ConvGeometry g, Tensor dy, Tensor w, Tensor dx) {
        if (!anyHalf(dy, w, dx)) { inner.convBackwardInput(g, dy, w, dx); return; }
        Call c = new Call();
        inner.convBackwardInput(g, c.in(dy), c.in(w), c.out(dx));
        c.finish();
    }

    @Override public void convBackwardWeight(ConvGeometry g, Tensor x, Tensor dy, Tensor dw) {
        if (!anyHalf(x, dy, dw)) { inner.convBackwardWeight(g, x, dy, dw); return; }
        Call c = new Call();
        inner.convBackwardWeight(g, c.in(x), c.in(dy), c.out(dw));
        c.finish();
    }

    @Override public void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        if (!anyHalf(x, y)) { inner.maxPool(g, x, y, indices); return; }
        Call c = new Call();
        inner.maxPool(g, c.in(x), c.out(y), indices);
        c.finish();
    }

    @Override public void avgPool(PoolGeometry g, Tensor x, Tensor y) {
        if (!anyHalf(x, y)) { inner.avgPool(g, x, y); return; }
        Call c = new Call();
        inner.avgPool(g, c.in(x), c.out(y));
        c.finish();
    }

    @Override public void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx) {
        if (!anyHalf(dy, dx)) { inner.avgPoolBackward(g, dy, dx); return; }
        Call c = new Call();
        inner.avgPoolBackward(g, c.in(dy), c.out(dx));
        c.finish();
    }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        if (!anyHalf(x, out)) { inner.gather(x, dim, index, out); return; }
        Call c = new Call();
        inner.gather(c.in(x), dim, index, c.out(out));
        c.finish();
    }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate) {
        if (!anyHalf(out, src)) { inner.scatter(out, dim, index, src, accumulate); return; }
        Call c = new Call();
        inner.scatter(c.inOut(out), dim, index, c.in(src), accumulate);
        c.finish();
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        if (!anyHalf(x, out)) { inner.indexSelect(x, dim, index, out); return; }
        Call c = new Call();
        inner.indexSelect(c.in(x), dim, index, c.out(out));
        c.finish();
    }

    @Override public void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        if (!anyHalf(out, src)) { inner.indexAdd(out, dim, index, src); return; }
        Call c = new Call();
        inner.indexAdd(c.inOut(out), dim, index, c.in(src));
        c.finish();
    }

    // F32's Philox words per element (1 for uniform) then rounded: a half tensor draws the same
    // stream as an F32 one of its shape
    @Override public void random(Tensor out, boolean normal, long seed, long offset, double a, double b) {
        if (!anyHalf(out)) { inner.random(out, normal, seed, offset, a, b); return; }
        Call c = new Call();
        inner.random(c.out(out), normal, seed, offset, a, b);
        c.finish();
    }

    @Override public void reluBackward(Tensor g, Tensor y, Tensor out) {
        if (!anyHalf(g, y, out)) { inner.reluBackward(g, y, out); return; }
        Call c = new Call();
        inner.reluBackward(c.in(g), c.in(y), c.out(out));
        c.finish();
    }

    @Override public void lstmCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor cell, Tensor hc, Tensor acts) {
        if (!anyHalf(gi, gh, bIh, bHh, cell, hc, acts)) { inner.lstmCellForward(gi, gh, bIh, bHh, cell, hc, acts); return; }
        Call c = new Call();
        inner.lstmCellForward(c.in(gi), c.in(gh), c.in(bIh), c.in(bHh), c.in(cell), c.out(hc), c.out(acts));
        c.finish();
    }

    @Override public void lstmCellBackward(Tensor acts, Tensor cell, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        if (!anyHalf(acts, cell, hc, dhc, dGates, dc)) { inner.lstmCellBackward(acts, cell, hc, dhc, dGates, dc); return; }
        Call c = new Call();
        inner.lstmCellBackward(c.in(acts), c.in(cell), c.in(hc), c.in(dhc), c.out(dGates), c.out(dc));
        c.finish();
    }

    @Override public void gruCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor h, Tensor out, Tensor acts) {
        if (!anyHalf(gi, gh, bIh, bHh, h, out, acts)) { inner.gruCellForward(gi, gh, bIh, bHh, h, out, acts); return; }
        Call c = new Call();
        inner.gruCellForward(c.in(gi), c.in(gh), c.in(bIh), c.in(bHh), c.in(h), c.out(out), c.out(acts));
        c.finish();
    }

    @Override public void gruCellBackward(Tensor acts, Tensor h, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        if (!anyHalf(acts, h, dOut, dGi, dGh, dh)) { inner.gruCellBackward(acts, h, dOut, dGi, dGh, dh); return; }
        Call c = new Call();
        inner.gruCellBackward(c.in(acts), c.in(h), c.in(dOut), c.out(dGi), c.out(dGh), c.out(dh));
        c.finish();
    }

    @Override public void lstmSequenceForward(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse,
                                              Tensor acts, Tensor hc) {
        if (!anyHalf(x, wIh, wHh, bIh, bHh, h0, c0, acts, hc)) {
            inner.lstmSequenceForward(x, wIh, wHh, bIh, bHh, h0, c0, reverse, acts, hc);
            return;
        }
        Call c = new Call();
        inner.lstmSequenceForward(c.in(x), c.in(wIh), c.in(wHh), c.in(bIh), c.in(bHh), c.in(h0), c.in(c0), reverse, c.out(acts), c.out(hc));
        c.finish();
    }

    @Override public void lstmSequenceBackward(Tensor acts, Tensor hc, Tensor c0, Tensor wHh, Tensor dhc, boolean reverse, Tensor dGates,
                                               Tensor dh0, Tensor dc0) {
        if (!anyHalf(acts, hc, c0, wHh, dhc, dGates, dh0, dc0)) {
            inner.lstmSequenceBackward(acts, hc, c0, wHh, dhc, reverse, dGates, dh0, dc0);
            return;
        }
        Call c = new Call();
        inner.lstmSequenceBackward(c.in(acts), c.in(hc), c.in(c0), c.in(wHh), c.in(dhc), reverse, c.out(dGates), c.out(dh0), c.out(dc0));
        c.finish();
    }

    @Override public void attentionForward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        if (!anyHalf(q, k, v, mask, out, lse)) { inner.attentionForward(q, k, v, mask, causal, scale, out, lse); return; }
        Call c = new Call();
        inner.attentionForward(c.in(q), c.in(k), c.in(v), c.in(mask), causal, scale, c.out(out), c.out(lse));
        c.finish();
    }

    @Override public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse,
                                            Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        if (!anyHalf(q, k, v, mask, out, lse, dOut, dq, dk, dv)) {
            inner.attentionBackward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv);
            return;
        }
        Call c = new Call();
        inner.attentionBackward(c.in(q), c.in(k), c.in(v), c.in(mask), causal, scale, c.in(out), c.in(lse), c.in(dOut),
                c.out(dq), c.out(dk), c.out(dv));
        c.finish();
    }

    @Override public void softmaxRows(Tensor x, boolean log, Tensor out) {
        if (!anyHalf(x, out)) { inner.softmaxRows(x, log, out); return; }
        Call c = new Call();
        inner.softmaxRows(c.in(x), log, c.out(out));
        c.finish();
    }

    @Override public void softmaxBackwardRows(Tensor y, Tensor dy, boolean log, Tensor dx) {
        if (!anyHalf(y, dy, dx)) { inner.softmaxBackwardRows(y, dy, log, dx); return; }
        Call c = new Call();
        inner.softmaxBackwardRows(c.in(y), c.in(dy), log, c.out(dx));
        c.finish();
    }

    @Override public void layerNormRows(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        if (!anyHalf(x, weight, bias, out, mean, rstd)) { inner.layerNormRows(x, weight, bias, eps, out, mean, rstd); return; }
        Call c = new Call();
        inner.layerNormRows(c.in(x), c.in(weight), c.in(bias), eps, c.out(out), c.out(mean), c.out(rstd));
        c.finish();
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                                   double eps, double weightDecay, boolean decoupled, double step) {
        if (!anyHalf(p, g, m, v, vMax)) {
            inner.adamStep(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
            return;
        }
        Call c = new Call();
        inner.adamStep(c.inOut(p), c.in(g), c.inOut(m), c.inOut(v), c.inOut(vMax), lr, beta1, beta2, eps, weightDecay, decoupled, step);
        c.finish();
    }

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                                  boolean nesterov, boolean firstStep) {
        if (!anyHalf(p, g, buf)) {
            inner.sgdStep(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
            return;
        }
        Call c = new Call();
        inner.sgdStep(c.inOut(p), c.in(g), c.inOut(buf), lr, momentum, dampening, weightDecay, nesterov, firstStep);
        c.finish();
    }
}
