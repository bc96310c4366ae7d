package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.BackwardFn;
import dev.reel.engine.autograd.GradMode;
import dev.reel.engine.backend.Backends;
import dev.reel.engine.backend.Storage;
import dev.reel.engine.backend.UnaryOp;

/**
 * One-input elementwise ops. The primitives call {@code Backend.unary} and state their derivative
 * next to the forward; the activations (GELU, SiLU, ELU, ...) are composed of primitives and get
 * their gradient for free.
 */
public final class PointwiseOps {
    private PointwiseOps() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** Runs a unary kernel into a fresh tensor of dtype outDt (the kernel writes every element: no zero fill). */
    static Tensor kernel(UnaryOp op, Tensor x, double p1, double p2, DType outDt) {
        Tensor out = Creation.emptyForOverwrite(outDt, x.device(), x.shape());
        x.backend().unary(op, x, out, p1, p2);
        return out;
    }

    /** Integer inputs of a floating op are promoted to F32, as in PyTorch. */
    private static Tensor floating(Tensor x) {
        return x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
    }

    /** Which of input and output the derivative reads (as derivatives.yaml's self / result). */
    private enum Uses { INPUT, OUTPUT }

    /** A differentiable float op: y = op(x), dx = fn(g, x, y); only what it uses is saved. */
    private static Tensor primitive(String name, UnaryOp op, Tensor x, double p1, double p2, Uses uses, Derivative d) {
        Tensor in = floating(x);
        Tensor out = kernel(op, in, p1, p2, in.dtype());
        Tensor[] saved = uses == Uses.INPUT ? new Tensor[] {in, null} : new Tensor[] {null, out};
        return Graph.record(name, out, new Tensor[] {in}, saved, (g, s) -> new Tensor[] {d.apply(g, s[0], s[1])});
    }

    /** dx from the output gradient, the input and the output. */
    @FunctionalInterface
    private interface Derivative {
        Tensor apply(Tensor g, Tensor x, Tensor y);
    }

    public static Tensor neg(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return kernel(UnaryOp.NEG, x, 0, 0, x.dtype());
        Tensor out = kernel(UnaryOp.NEG, x, 0, 0, x.dtype());
        return Graph.record("NegBackward0", out, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.neg()});
    }

    public static Tensor abs(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return kernel(UnaryOp.ABS, x, 0, 0, x.dtype());
        return primitive("AbsBackward0", UnaryOp.ABS, x, 0, 0, Uses.INPUT, (g, in, y) -> g.mul(in.sign()));
    }

    public static Tensor sign(Tensor x) {
        Tensor out = kernel(UnaryOp.SIGN, x, 0, 0, x.dtype());
        if (!x.dtype().isFloatingPoint()) return out;
        return Graph.record("SignBackward0", out, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.mul(0.0)});
    }

    public static Tensor exp(Tensor x) { return primitive("ExpBackward0", UnaryOp.EXP, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y)); }

    public static Tensor expm1(Tensor x) { return primitive("Expm1Backward0", UnaryOp.EXPM1, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y.add(1.0))); }

    public static Tensor log(Tensor x) { return primitive("LogBackward0", UnaryOp.LOG, x, 0, 0, Uses.INPUT, (g, in, y) -> g.div(in)); }

    public static Tensor log1p(Tensor x) { return primitive("Log1PBackward0", UnaryOp.LOG1P, x, 0, 0, Uses.INPUT, (g, in, y) -> g.div(in.add(1.0))); }

    public static Tensor sqrt(Tensor x) { return primitive("SqrtBackward0", UnaryOp.SQRT, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.div(y.mul(2.0))); }

    public static Tensor rsqrt(Tensor x) {
        return primitive("RsqrtBackward0", UnaryOp.RSQRT, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y.pow(3)).mul(-0.5));
    }

    public static Tensor square(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return kernel(UnaryOp.SQUARE, x, 0, 0, x.dtype());
        return primitive("PowBackward0", UnaryOp.SQUARE, x, 0, 0, Uses.INPUT, (g, in, y) -> g.mul(in).mul(2.0));
    }

    public static Tensor reciprocal(Tensor x) {
        return primitive("ReciprocalBackward0", UnaryOp.RECIPROCAL, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y.square()).neg());
    }

    public static Tensor sin(Tensor x) { return primitive("SinBackward0", UnaryOp.SIN, x, 0, 0, Uses.INPUT, (g, in, y) -> g.mul(in.cos())); }

    public static Tensor cos(Tensor x) { return primitive("CosBackward0", UnaryOp.COS, x, 0, 0, Uses.INPUT, (g, in, y) -> g.mul(in.sin()).neg()); }

    public static Tensor tanh(Tensor x) {
        return primitive("TanhBackward0", UnaryOp.TANH, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y.square().rsub(1.0)));
    }

    public static Tensor sigmoid(Tensor x) {
        return primitive("SigmoidBackward0", UnaryOp.SIGMOID, x, 0, 0, Uses.OUTPUT, (g, in, y) -> g.mul(y.mul(y.rsub(1.0))));
    }

    /** d/dx erf(x) = 2/√π · e^(-x²). */
    public static Tensor erf(Tensor x) {
        return primitive("ErfBackward0", UnaryOp.ERF, x, 0, 0, Uses.INPUT,
                (g, in, y) -> g.mul(in.square().neg().exp().mul(TWO_OVER_SQRT_PI)));
    }

    public static Tensor relu(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return kernel(UnaryOp.RELU, x, 0, 0, x.dtype());
        return primitive("ReluBackward0", UnaryOp.RELU, x, 0, 0, Uses.OUTPUT, (g, in, y) -> reluBackward(g, y));
    }

    /**
     * ReLU's gradient as one fused kernel ({@code Backend.reluBackward}): dx = y &lt;= 0 ? 0 : g.
     * Linear in g, so its own gradient is the same mask applied to gg; y (an output of relu) gets
     * none, as PyTorch's {@code ThresholdBackward}.
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        Tensor gc = g.dtype() == y.dtype() ? g : g.to(y.dtype());
        Tensor out = Creation.empty(y.dtype(), y.device(), y.shape());
        y.backend().reluBackward(gc, y, out);
        return Graph.record("ThresholdBackwardBackward0", out, new Tensor[] {gc}, new Tensor[] {y},
                (gg, s) -> new Tensor[] {reluBackward(gg, s[0])});
    }

    /** Clamp to [min, max] (NaN: no bound); the gradient passes where min ≤ x ≤ max. */
    public static Tensor clamp(Tensor x, double min, double max) {
        if (!Double.isNaN(min) && !Double.isNaN(max) && min > max) {
            // PyTorch sets everything to max in this case; we do the same, as documented in decisions.md
            return x.mul(0.0).add(max);
        }
        if (!x.dtype().isFloatingPoint()) return kernel(UnaryOp.CLAMP, x, min, max, x.dtype());
        return primitive("ClampBackward1", UnaryOp.CLAMP, x, min, max, Uses.INPUT, (g, in, y) -> {
            Tensor pass = Creation.full(1, DType.BOOL, in.device(), in.shape());
            if (!Double.isNaN(min)) pass = pass.logicalAnd(in.ge(min));
            if (!Double.isNaN(max)) pass = pass.logicalAnd(in.le(max));
            return g.mul(pass.to(g.dtype()));
        });
    }

    public static Tensor hardtanh(Tensor x, double min, double max) { return clamp(x, min, max); }

    /** x^p for a constant p: d/dx = p·x^(p-1). */
    public static Tensor powScalar(Tensor x, double p) {
        if (p == 2) return square(x);
        if (!x.dtype().isFloatingPoint() && p >= 0 && p == Math.rint(p)) return kernel(UnaryOp.POW_SCALAR, x, p, 0, x.dtype());
        return primitive("PowBackward0", UnaryOp.POW_SCALAR, x, p, 0, Uses.INPUT,
                (g, in, y) -> p == 0 ? g.mul(0.0) : g.mul(in.pow(p - 1).mul(p)));
    }

    /** floor/ceil/round/trunc: no gradient (zero), as PyTorch. */
    public static Tensor rounding(Tensor x, UnaryOp op) {
        Tensor out = kernel(op, x, 0, 0, x.dtype());
        if (!x.dtype().isFloatingPoint()) return out;
        return Graph.record(op.name().charAt(0) + op.name().substring(1).toLowerCase() + "Backward0", out, new Tensor[] {x},
                new Tensor[0], (g, s) -> new Tensor[] {g.mul(0.0)});
    }

    public static Tensor logicalNot(Tensor x) { return kernel(UnaryOp.LOGICAL_NOT, x, 0, 0, DType.BOOL); }

    public static Tensor isFinite(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return Creation.full(1, DType.BOOL, x.device(), x.shape());
        return kernel(UnaryOp.IS_FINITE, x, 0, 0, DType.BOOL);
    }

    // ---------------------------------------------------------------- composite activations

    public static Tensor leakyRelu(Tensor x, double slope) {
        return BinaryOps.where(x.gt(0.0), x, x.mul(slope));
    }

    public static Tensor elu(Tensor x, double alpha) {
        return BinaryOps.where(x.gt(0.0), x, x.clampMax(0).expm1().mul(alpha));
    }

    /** Exact: x·Φ(x) = x/2·(1 + erf(x/√2)); tanh: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))). */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (tanhApproximation) {
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
            return x.mul(0.5).mul(inner.tanh().add(1.0));
        }
        return x.mul(0.5).mul(x.mul(1 / Math.sqrt(2)).erf().add(1.0));
    }

    public static Tensor silu(Tensor x) { return x.mul(x.sigmoid()); }

    /**
     * softplus = log(1 + e^(βx))/β, and x itself where βx &gt; threshold. The exponential branch
     * sees x clamped at the threshold so that it never overflows into the unused side's gradient.
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor bx = x.mul(beta);
        Tensor soft = bx.clampMax(threshold).exp().log1p().div(beta);
        return BinaryOps.where(bx.gt(threshold), x, soft);
    }

    // ---------------------------------------------------------------- casts, copies, in-place

    public static Tensor cast(Tensor x, DType dtype) {
        Tensor out = Creation.empty(dtype, x.device(), x.shape());
        x.backend().copy(x, out);
        if (!dtype.isFloatingPoint() || !x.dtype().isFloatingPoint()) return out;
        DType from = x.dtype();
        return Graph.record("ToCopyBackward0", out, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.to(from)});
    }

    public static Tensor toDevice(Tensor x, Device device) {
        Tensor src = x.contiguous();
        Storage host = src.backend().download(src.storage());
        Storage dst = Backends.of(device).upload(device, host);
        int n = src.numel();
        Tensor out;
        if (src.offset() == 0 && dst.size() == n) {
            out = Tensor.fromStorage(dst, src.shape(), src.strides(), 0);
        } else {
            Tensor whole = Tensor.fromStorage(dst, new int[] {dst.size()}, new int[] {1}, 0);
            out = whole.detach().narrow(0, src.offset(), n).reshape(src.shape()).clone().detach();
        }
        Device from = x.device();
        return Graph.record("ToCopyBackward0", out, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.to(from)});
    }

    public static Tensor cloneTensor(Tensor x) {
        Tensor out = Creation.empty(x.dtype(), x.device(), x.shape());
        x.backend().copy(x, out);
        return Graph.record("CloneBackward0", out, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g});
    }

    /** Refuses in-place writes that would corrupt autograd, with PyTorch's message. */
    public static void checkInPlaceAllowed(Tensor t, String op) {
        if (GradMode.isEnabled() && t.isLeaf() && t.requiresGrad()) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }

    public static Tensor fill_(Tensor t, double value) {
        checkInPlaceAllowed(t, "fill_");
        BinaryOps.checkNotViewOfGraph(t, "fill_");
        t.backend().fill(t, value);
        t.markModified();
        t.setGradFn(null); // the values no longer depend on anything
        return t;
    }

    public static Tensor copy_(Tensor t, Tensor src) {
        if (!GradMode.isEnabled() || !(src.requiresGrad() || t.requiresGrad())) {
            checkInPlaceAllowed(t, "copy_");
            Shapes.broadcast(src.shape(), t.shape(), "copy_");
            Tensor s = src.to(t.device());
            t.backend().copy(BinaryOps.broadcastView(s, t.shape()), t);
            t.markModified();
            return t;
        }
        return BinaryOps.inPlace(t, "copy_", self -> src.to(self.device()).to(self.dtype()).expand(self.shape()).clone(), src);
    }

    /** Raw backward helper used by ops that compose: identity with a name (for readable graphs). */
    static BackwardFn identity() { return (g, s) -> new Tensor[] {g}; }
}
