package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.UnaryOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise kernels over strided views: fill, copy/cast, unary, binary, where. F32 and F64 get
 * typed loops; integer and bool types go through {@code long}.
 *
 * <p>Rows whose operands all have unit stride (a contiguous tensor is one long row) run the Vector
 * API loops of {@link VectorLoops} for the ops those have; a stride-0 operand (a broadcast scalar
 * or bias) also qualifies for binary ops. The scalar loops below are the reference twin: they take
 * every other row, and every row under {@code -Dreel.simd=false}. The package-private overloads
 * with a {@code vector} flag let tests run both paths in one JVM.
 */
final class CpuElementwise {
    private CpuElementwise() {}

    static CpuStorage st(Tensor t) { return (CpuStorage) t.storage(); }

    /** t itself when contiguous, else a contiguous copy made here, outside the autograd graph. */
    static Tensor dense(Tensor t) {
        if (t.isContiguous()) return t;
        int[] shape = t.shape();
        Tensor c = Tensor.fromStorage(new CpuStorage(t.dtype(), dev.reel.engine.ops.Shapes.numel(shape)), shape,
                dev.reel.engine.ops.Shapes.contiguousStrides(shape), 0);
        copy(t, c);
        return c;
    }

    static void fill(Tensor out, double v) { fill(out, v, VectorLoops.SIMD); }

    static void fill(Tensor out, double v, boolean vector) {
        CpuStorage o = st(out);
        StridedLoop loop = new StridedLoop(out.shape(), new int[] {out.offset()}, out.strides());
        int s = loop.innerStride(0);
        switch (out.dtype()) {
            case F32 -> {
                float[] a = o.f32();
                float fv = (float) v;
                loop.run((off, n) -> {
                    if (vector && s == 1) VectorLoops.fillF32(a, off[0], n, fv);
                    else for (int i = 0, p = off[0]; i < n; i++, p += s) a[p] = fv;
                });
            }
            case F64 -> {
                double[] a = o.f64();
                loop.run((off, n) -> {
                    if (vector && s == 1) VectorLoops.fillF64(a, off[0], n, v);
                    else for (int i = 0, p = off[0]; i < n; i++, p += s) a[p] = v;
                });
            }
            default -> loop.run((off, n) -> { for (int i = 0, p = off[0]; i < n; i++, p += s) o.set(p, v); });
        }
    }

    static void copy(Tensor src, Tensor dst) {
        CpuStorage a = st(src), o = st(dst);
        StridedLoop loop = StridedLoop.inMemoryOrder(dst.shape(), new int[] {src.offset(), dst.offset()}, src.strides(), dst.strides());
        int sa = loop.innerStride(0), so = loop.innerStride(1);
        DType from = src.dtype(), to = dst.dtype();
        if (from == DType.F32 && to == DType.F32) {
            float[] x = a.f32(), y = o.f32();
            loop.run((off, n) -> {
                if (sa == 1 && so == 1) System.arraycopy(x, off[0], y, off[1], n);
                else for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = x[p];
            });
        } else if (from == DType.F64 && to == DType.F64) {
            double[] x = a.f64(), y = o.f64();
            loop.run((off, n) -> {
                if (sa == 1 && so == 1) System.arraycopy(x, off[0], y, off[1], n);
                else for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = x[p];
            });
        } else if (from == DType.F32 && to == DType.F64) {
            float[] x = a.f32();
            double[] y = o.f64();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = x[p]; });
        } else if (from == DType.F64 && to == DType.F32) {
            double[] x = a.f64();
            float[] y = o.f32();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = (float) x[p]; });
        } else if (from.isHalf() || to.isHalf()) {
            CpuHalfCopy.copy(loop, a, sa, o, so);
        } else if (from.isFloatingPoint()) {
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.set(q, a.get(p)); });
        } else {
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.setLong(q, a.getLong(p)); });
        }
    }

    static void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) { unary(op, x, out, p1, p2, VectorLoops.SIMD); }

    static void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2, boolean vector) {
        CpuStorage a = st(x), o = st(out);
        StridedLoop loop = StridedLoop.inMemoryOrder(out.shape(), new int[] {x.offset(), out.offset()}, x.strides(), out.strides());
        int sa = loop.innerStride(0), so = loop.innerStride(1);
        if (x.dtype().isFloatingPoint()) {
            DoubleUnaryOperator f = ScalarMath.unary(op, p1, p2);
            if (x.dtype() == DType.F32 && out.dtype() == DType.F32) {
                float[] xa = a.f32(), ya = o.f32();
                boolean vec = vector && VectorLoops.hasUnaryF32(op) && sa == 1 && so == 1;
                loop.run((off, n) -> {
                    if (vec) VectorLoops.unaryF32(op, xa, off[0], ya, off[1], n);
                    else for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) ya[q] = (float) f.applyAsDouble(xa[p]);
                });
            } else if (x.dtype() == DType.F64 && out.dtype() == DType.F64) {
                double[] xa = a.f64(), ya = o.f64();
                boolean vec = vector && VectorLoops.hasUnaryF64(op) && sa == 1 && so == 1;
                loop.run((off, n) -> {
                    if (vec) VectorLoops.unaryF64(op, xa, off[0], ya, off[1], n);
                    else for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) ya[q] = f.applyAsDouble(xa[p]);
                });
            } else {
                loop.run((off, n) -> {
                    for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.set(q, f.applyAsDouble(a.get(p)));
                });
            }
        } else {
            LongUnaryOperator f = ScalarMath.unaryLong(op, p1, p2);
            if (f == null) throw new IllegalArgumentException(op + ": not defined for " + x.dtype().torchName());
            loop.run((off, n) -> {
                for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.setLong(q, f.applyAsLong(a.getLong(p)));
            });
        }
    }

    static void binary(BinaryOp op, Tensor x, Tensor y, Tensor out) { binary(op, x, y, out, VectorLoops.SIMD); }

    static void binary(BinaryOp op, Tensor x, Tensor y, Tensor out, boolean vector) {
        CpuStorage a = st(x), b = st(y), o = st(out);
        StridedLoop loop = StridedLoop.inMemoryOrder(out.shape(), new int[] {x.offset(), y.offset(), out.offset()},
                x.strides(), y.strides(), out.strides());
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2);
        DType dt = x.dtype();
        // unit or zero (broadcast) strides along the row, unit-stride output
        boolean vec = vector && VectorLoops.hasBinary(op) && (sa == 0 || sa == 1) && (sb == 0 || sb == 1) && so == 1;
        if (dt.isFloatingPoint()) {
            DoubleBinaryOperator f = ScalarMath.binary(op);
            if (dt == DType.F32 && out.dtype() == DType.F32 && vec) {
                float[] xa = a.f32(), ya = b.f32(), za = o.f32();
                loop.run((off, n) -> VectorLoops.binaryF32(op, xa, off[0], sa, ya, off[1], sb, za, off[2], n));
            } else if (dt == DType.F64 && out.dtype() == DType.F64 && vec) {
                double[] xa = a.f64(), ya = b.f64(), za = o.f64();
                loop.run((off, n) -> VectorLoops.binaryF64(op, xa, off[0], sa, ya, off[1], sb, za, off[2], n));
            } else if (dt == DType.F32 && out.dtype() == DType.F32) {
                float[] xa = a.f32(), ya = b.f32(), za = o.f32();
                switch (op) { // the hottest ops get loops the JIT can vectorise
                    case ADD -> loop.run((off, n) -> {
                        for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = xa[p] + ya[q];
                    });
                    case MUL -> loop.run((off, n) -> {
                        for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = xa[p] * ya[q];
                    });
                    case SUB -> loop.run((off, n) -> {
                        for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = xa[p] - ya[q];
                    });
                    case DIV -> loop.run((off, n) -> {
                        for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = xa[p] / ya[q];
                    });
                    default -> loop.run((off, n) -> {
                        for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) {
                            za[r] = (float) f.applyAsDouble(xa[p], ya[q]);
                        }
                    });
                }
            } else if (dt == DType.F64 && out.dtype() == DType.F64) {
                double[] xa = a.f64(), ya = b.f64(), za = o.f64();
                loop.run((off, n) -> {
                    for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) {
                        za[r] = f.applyAsDouble(xa[p], ya[q]);
                    }
                });
            } else {
                loop.run((off, n) -> {
                    for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) {
                        o.set(r, f.applyAsDouble(a.get(p), b.get(q)));
                    }
                });
            }
        } else {
            LongBinaryOperator f = ScalarMath.binaryLong(op);
            if (f == null) throw new IllegalArgumentException(op + ": not defined for " + dt.torchName());
            loop.run((off, n) -> {
                for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) {
                    o.setLong(r, f.applyAsLong(a.getLong(p), b.getLong(q)));
                }
            });
        }
    }

    static void reluBackward(Tensor g, Tensor y, Tensor out) { reluBackward(g, y, out, VectorLoops.SIMD); }

    /** out = y &lt;= 0 ? 0 : g (ReLU's gradient; a NaN y passes g, as PyTorch's threshold_backward). */
    static void reluBackward(Tensor g, Tensor y, Tensor out, boolean vector) {
        CpuStorage a = st(g), b = st(y), o = st(out);
        StridedLoop loop = new StridedLoop(out.shape(), new int[] {g.offset(), y.offset(), out.offset()},
                g.strides(), y.strides(), out.strides());
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2);
        boolean vec = vector && sa == 1 && sb == 1 && so == 1;
        switch (out.dtype()) {
            case F32 -> {
                float[] ga = a.f32(), ya = b.f32(), za = o.f32();
                loop.run((off, n) -> {
                    if (vec) VectorLoops.reluBackwardF32(ga, off[0], ya, off[1], za, off[2], n);
                    else for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = ya[q] <= 0f ? 0f : ga[p];
                });
            }
            case F64 -> {
                double[] ga = a.f64(), ya = b.f64(), za = o.f64();
                loop.run((off, n) -> {
                    for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) za[r] = ya[q] <= 0.0 ? 0.0 : ga[p];
                });
            }
            default -> loop.run((off, n) -> {
                for (int i = 0, p = off[0], q = off[1], r = off[2]; i < n; i++, p += sa, q += sb, r += so) o.set(r, b.get(q) <= 0 ? 0 : a.get(p));
            });
        }
    }

    static void where(Tensor cond, Tensor x, Tensor y, Tensor out) {
        CpuStorage c = st(cond), a = st(x), b = st(y), o = st(out);
        StridedLoop loop = new StridedLoop(out.shape(), new int[] {cond.offset(), x.offset(), y.offset(), out.offset()},
                cond.strides(), x.strides(), y.strides(), out.strides());
        int sc = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2), so = loop.innerStride(3);
        byte[] ca = c.u8();
        switch (out.dtype()) {
            case F32 -> {
                float[] xa = a.f32(), ya = b.f32(), za = o.f32();
                loop.run((off, n) -> {
                    for (int i = 0, k = off[0], p = off[1], q = off[2], r = off[3]; i < n; i++, k += sc, p += sa, q += sb, r += so) {
                        za[r] = ca[k] != 0 ? xa[p] : ya[q];
                    }
                });
            }
            case F64 -> {
                double[] xa = a.f64(), ya = b.f64(), za = o.f64();
                loop.run((off, n) -> {
                    for (int i = 0, k = off[0], p = off[1], q = off[2], r = off[3]; i < n; i++, k += sc, p += sa, q += sb, r += so) {
                        za[r] = ca[k] != 0 ? xa[p] : ya[q];
                    }
                });
            }
            default -> loop.run((off, n) -> {
                for (int i = 0, k = off[0], p = off[1], q = off[2], r = off[3]; i < n; i++, k += sc, p += sa, q += sb, r += so) {
                    o.setLong(r, ca[k] != 0 ? a.getLong(p) : b.getLong(q));
                }
            });
        }
    }
}
