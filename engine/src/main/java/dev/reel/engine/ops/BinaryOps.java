package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradMode;
import dev.reel.engine.backend.BinaryOp;
import java.util.function.UnaryOperator;

/**
 * Two-input elementwise ops with NumPy broadcasting and PyTorch's type promotion. Inputs are
 * cast to the result type (differentiably) and broadcast as stride-0 views; each backward sums the
 * gradient back to its input's shape ({@link ViewOps#sumToShape}).
 */
public final class BinaryOps {
    private BinaryOps() {}

    private enum Category { BOOL, INTEGRAL, FLOATING }

    private static Category category(DType t) {
        return t == DType.BOOL ? Category.BOOL : t.isFloatingPoint() ? Category.FLOATING : Category.INTEGRAL;
    }

    /**
     * PyTorch's result type: dimensioned tensors outrank 0-d ones within a category; a 0-d tensor of
     * a higher category lifts the result to that category's default (F32 or I64).
     */
    public static DType resultType(Tensor a, Tensor b) {
        boolean za = a.dim() == 0, zb = b.dim() == 0;
        if (za == zb) return DType.promote(a.dtype(), b.dtype());
        Tensor dimmed = za ? b : a, zero = za ? a : b;
        Category cd = category(dimmed.dtype()), cz = category(zero.dtype());
        if (cz.ordinal() <= cd.ordinal()) return dimmed.dtype();
        return cz == Category.FLOATING ? DType.F32 : DType.I64;
    }

    /** A 0-d tensor for a Java scalar next to t: integral t keeps its type for whole numbers. */
    public static Tensor scalarFor(Tensor t, double v) {
        DType dt;
        if (t.dtype().isFloatingPoint()) dt = t.dtype();
        else if (v == Math.rint(v) && !Double.isInfinite(v)) dt = t.dtype() == DType.BOOL ? DType.I64 : t.dtype();
        else dt = DType.F32;
        return Creation.full(v, dt, t.device());
    }

    /** A stride-0 view of t as shape, outside the graph (for handing to kernels). */
    public static Tensor broadcastView(Tensor t, int[] shape) {
        int[] sh = t.shape(), st = t.strides();
        int lead = shape.length - sh.length;
        int[] nst = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            nst[i] = i < lead || (sh[i - lead] == 1 && shape[i] != 1) ? 0 : st[i - lead];
        }
        return Tensor.fromStorage(t.storage(), shape, nst, t.offset());
    }

    private static void sameDevice(Tensor a, Tensor b, String op) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": expected all tensors to be on the same device, but found " + a.device()
                    + " and " + b.device());
        }
    }

    /**
     * Runs the kernel: out = op(a, b) with a and b already of dtype dt. The output is contiguous,
     * unless both inputs share one permuted dense layout (two transposed matrices): then it takes
     * that layout, as PyTorch's TensorIterator does, so the kernel streams all three in memory
     * order. (Summing the transposed weight gradients of an unrolled LSTM otherwise read one
     * operand a column at a time.)
     */
    private static Tensor kernel(BinaryOp op, Tensor a, Tensor b, int[] shape, DType outDt) {
        Tensor av = broadcastView(a, shape), bv = broadcastView(b, shape);
        int[] st = av.strides();
        boolean permuted = java.util.Arrays.equals(st, bv.strides()) && !Shapes.isContiguous(shape, st)
                && Shapes.isDensePermutation(shape, st);
        // the kernel writes every element of out: no zero fill
        Tensor out = permuted ? Creation.emptyStridedForOverwrite(outDt, a.device(), shape, st) : Creation.emptyForOverwrite(outDt, a.device(), shape);
        a.backend().binary(op, av, bv, out);
        return out;
    }

    /** The derivative of one binary op: (da, db) before summing to the input shapes. */
    @FunctionalInterface
    private interface Derivative {
        Tensor[] apply(Tensor g, Tensor a, Tensor b, Tensor out);
    }

    private static Tensor arithmetic(String name, BinaryOp op, Tensor a, Tensor b, boolean alwaysFloat, Derivative d) {
        return arithmetic(name, op, a, b, alwaysFloat, true, false, d);
    }

    /** saveInputs / saveOutput: what the derivative reads (unsaved ones arrive as null). */
    private static Tensor arithmetic(String name, BinaryOp op, Tensor a, Tensor b, boolean alwaysFloat, boolean saveInputs,
                                     boolean saveOutput, Derivative d) {
        sameDevice(a, b, name);
        int[] shape = Shapes.broadcast(a.shape(), b.shape(), opName(name));
        DType dt = resultType(a, b);
        if (alwaysFloat && !dt.isFloatingPoint()) dt = DType.F32;
        Tensor x = a.to(dt), y = b.to(dt);
        Tensor out = kernel(op, x, y, shape, dt);
        if (!dt.isFloatingPoint()) return out;
        int[] as = x.shape(), bs = y.shape();
        Tensor[] saved = {saveInputs ? x : null, saveInputs ? y : null, saveOutput ? out : null};
        return Graph.record(name, out, new Tensor[] {x, y}, saved, (g, s) -> {
            Tensor[] r = d.apply(g, s[0], s[1], s[2]);
            return new Tensor[] {
                r[0] == null ? null : ViewOps.sumToShape(r[0], as),
                r[1] == null ? null : ViewOps.sumToShape(r[1], bs)};
        });
    }

    private static String opName(String backwardName) {
        return backwardName.replace("Backward0", "").toLowerCase();
    }

    public static Tensor add(Tensor a, Tensor b) {
        return arithmetic("AddBackward0", BinaryOp.ADD, a, b, false, false, false, (g, x, y, o) -> new Tensor[] {g, g});
    }

    public static Tensor sub(Tensor a, Tensor b) {
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("sub: subtraction of two bool tensors is not supported; use logicalXor() instead");
        }
        return arithmetic("SubBackward0", BinaryOp.SUB, a, b, false, false, false, (g, x, y, o) -> new Tensor[] {g, g.neg()});
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return arithmetic("MulBackward0", BinaryOp.MUL, a, b, false, (g, x, y, o) -> new Tensor[] {g.mul(y), g.mul(x)});
    }

    /** True division; d/da = 1/b, d/db = -a/b². */
    public static Tensor div(Tensor a, Tensor b) {
        return arithmetic("DivBackward0", BinaryOp.DIV, a, b, true,
                (g, x, y, o) -> new Tensor[] {g.div(y), g.mul(x).div(y.square()).neg()});
    }

    /** d/da = b·a^(b-1); d/db = a^b·ln a (0 where a = 0 and b ≥ 0, as PyTorch). */
    public static Tensor pow(Tensor a, Tensor b) {
        return arithmetic("PowBackward1", BinaryOp.POW, a, b, false, true, true, (g, x, y, o) -> {
            Tensor da = g.mul(y).mul(x.pow(y.sub(1.0)));
            Tensor zeroBase = x.eq(0.0).logicalAnd(y.ge(0.0));
            Tensor db = where(zeroBase, g.mul(0.0), g.mul(o).mul(x.log()));
            return new Tensor[] {da, db};
        });
    }

    /** Ties split the gradient in half, as PyTorch. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return arithmetic("MaximumBackward0", BinaryOp.MAXIMUM, a, b, false, (g, x, y, o) -> {
            Tensor w = x.gt(y).to(g.dtype()).add(x.eq(y).to(g.dtype()).mul(0.5));
            return new Tensor[] {g.mul(w), g.mul(w.rsub(1.0))};
        });
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return arithmetic("MinimumBackward0", BinaryOp.MINIMUM, a, b, false, (g, x, y, o) -> {
            Tensor w = x.lt(y).to(g.dtype()).add(x.eq(y).to(g.dtype()).mul(0.5));
            return new Tensor[] {g.mul(w), g.mul(w.rsub(1.0))};
        });
    }

    /** d/da = b/(a²+b²), d/db = -a/(a²+b²). */
    public static Tensor atan2(Tensor a, Tensor b) {
        return arithmetic("Atan2Backward0", BinaryOp.ATAN2, a, b, true, (g, x, y, o) -> {
            Tensor r = x.square().add(y.square());
            return new Tensor[] {g.mul(y).div(r), g.mul(x).div(r).neg()};
        });
    }

    /** eq/ne/lt/le/gt/ge: BOOL result, no gradient. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        sameDevice(a, b, op.name().toLowerCase());
        int[] shape = Shapes.broadcast(a.shape(), b.shape(), op.name().toLowerCase());
        DType dt = resultType(a, b);
        return kernel(op, a.detach().to(dt), b.detach().to(dt), shape, DType.BOOL);
    }

    public static Tensor logical(BinaryOp op, Tensor a, Tensor b) {
        sameDevice(a, b, op.name().toLowerCase());
        int[] shape = Shapes.broadcast(a.shape(), b.shape(), op.name().toLowerCase());
        return kernel(op, a.detach().to(DType.BOOL), b.detach().to(DType.BOOL), shape, DType.BOOL);
    }

    /** cond ? a : b with broadcasting; the gradient goes to the side that was chosen. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: expected condition to be a boolean tensor, but got a tensor with dtype "
                    + cond.dtype().torchName());
        }
        sameDevice(a, b, "where");
        sameDevice(cond, a, "where");
        int[] shape = Shapes.broadcast(Shapes.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        DType dt = resultType(a, b);
        Tensor x = a.to(dt), y = b.to(dt);
        Tensor out = Creation.empty(dt, a.device(), shape);
        a.backend().where(broadcastView(cond, shape), broadcastView(x, shape), broadcastView(y, shape), out);
        if (!dt.isFloatingPoint()) return out;
        int[] as = x.shape(), bs = y.shape();
        return Graph.record("WhereBackward0", out, new Tensor[] {x, y}, new Tensor[] {cond}, (g, s) -> {
            Tensor zero = g.newScalar(0);
            return new Tensor[] {
                ViewOps.sumToShape(where(s[0], g, zero), as),
                ViewOps.sumToShape(where(s[0], zero, g), bs)};
        });
    }

    /** Refuses in-place writes through a view whose base is part of a graph. */
    static void checkNotViewOfGraph(Tensor t, String op) {
        if (GradMode.isEnabled() && t.isView() && t.base().requiresGrad()) {
            throw new IllegalStateException(op + ": in-place operation on a view of a tensor that requires grad is not supported "
                    + "by Reel's autograd; use the out-of-place op (e.g. torch.cat / index_put style) or clone() first");
        }
    }

    /**
     * In-place arithmetic {@code self = self op other}: straight into self's storage when no graph
     * is recorded and the types already agree (the optimizers' hot path), else through
     * {@link #inPlace}.
     */
    public static Tensor inPlaceBinary(Tensor self, String name, BinaryOp op, Tensor other, UnaryOperator<Tensor> outOfPlace) {
        boolean record = GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad());
        if (!record && other.dtype() == self.dtype() && self.dtype().isFloatingPoint() && other.device().equals(self.device())) {
            PointwiseOps.checkInPlaceAllowed(self, name);
            int[] shape = Shapes.broadcast(self.shape(), other.shape(), name);
            if (java.util.Arrays.equals(shape, self.shape())) {
                self.backend().binary(op, self, broadcastView(other, shape), self);
                self.markModified();
                return self;
            }
        }
        return inPlace(self, name, outOfPlace, other);
    }

    /**
     * The one in-place path: computes {@code op(self)} and writes the result into self's storage.
     * While recording, the op runs on a clone (so tensors it saves are not overwritten) and self
     * takes over the result's graph node; saved copies of self's old values are caught by the
     * version counter.
     */
    public static Tensor inPlace(Tensor self, String name, UnaryOperator<Tensor> op, Tensor other) {
        PointwiseOps.checkInPlaceAllowed(self, name);
        boolean record = GradMode.isEnabled() && (self.requiresGrad() || (other != null && other.requiresGrad()));
        Tensor result;
        if (record) {
            checkNotViewOfGraph(self, name);
            result = op.apply(self.clone());
        } else {
            try (var g = Grad.off()) {
                result = op.apply(self);
            }
        }
        if (!java.util.Arrays.equals(result.shape(), self.shape())) {
            throw new IllegalArgumentException(name + ": output with shape " + Shapes.str(self.shape())
                    + " doesn't match the broadcast shape " + Shapes.str(result.shape()));
        }
        if (result.dtype().isFloatingPoint() && !self.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": result type " + result.dtype().torchName()
                    + " can't be cast to the desired output type " + self.dtype().torchName());
        }
        self.backend().copy(result, self);
        self.markModified();
        if (record) self.setGradFn(result.gradFn());
        return self;
    }
}
