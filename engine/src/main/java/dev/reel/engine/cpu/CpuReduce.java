package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ReduceOp;

/**
 * Reductions: over any set of dims (sum, prod, max, min, all, any), arg-max/min along one dim,
 * and the prefix sum. Floating sums accumulate in double.
 *
 * <p>Scheme: every output element owns a "sub-tensor" of x (the reduced dims). Its elements sit at
 * the same relative offsets for every output element, so those offsets are computed once: rows of
 * the last (coalesced) reduced dim, whose starts are tabulated.
 */
final class CpuReduce {
    private CpuReduce() {}

    /** Relative offsets of the reduced sub-tensor: row starts, row length and in-row stride. */
    private record SubTensor(int[] rowStarts, int rowLen, int rowStride) {
        static SubTensor of(int[] shape, int[] strides, int[] dims) {
            // coalesce the reduced dims (in order) where strides allow
            int[] sh = new int[dims.length], st = new int[dims.length];
            int r = 0;
            for (int d : dims) {
                if (shape[d] == 1) continue;
                if (r > 0 && st[r - 1] == strides[d] * shape[d]) {
                    sh[r - 1] *= shape[d];
                    st[r - 1] = strides[d];
                } else {
                    sh[r] = shape[d];
                    st[r] = strides[d];
                    r++;
                }
            }
            if (r == 0) return new SubTensor(new int[] {0}, 1, 0);
            int rows = 1;
            for (int i = 0; i < r - 1; i++) rows *= sh[i];
            int[] starts = new int[rows];
            for (int row = 0; row < rows; row++) {
                int rem = row, off = 0;
                for (int i = r - 2; i >= 0; i--) {
                    off += (rem % sh[i]) * st[i];
                    rem /= sh[i];
                }
                starts[row] = off;
            }
            return new SubTensor(starts, sh[r - 1], st[r - 1]);
        }
    }

    /** Offsets in x and out of output element o (out has x's rank with 1 at reduced dims). */
    private static void locate(int o, int[] outShape, int[] xStrides, int[] outStrides, int[] res) {
        int rem = o, xo = 0, oo = 0;
        for (int d = outShape.length - 1; d >= 0; d--) {
            int c = rem % outShape[d];
            rem /= outShape[d];
            xo += c * xStrides[d];
            oo += c * outStrides[d];
        }
        res[0] = xo;
        res[1] = oo;
    }

    /**
     * Σ a[p], a[p + step], ... (n terms) in double. Four partial sums: one running sum waits four
     * cycles per term on the previous add, four independent ones keep the adder busy.
     */
    static double sumF32(float[] a, int p, int n, int step) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        if (step == 1) {
            for (; i + 4 <= n; i += 4, p += 4) {
                s0 += a[p];
                s1 += a[p + 1];
                s2 += a[p + 2];
                s3 += a[p + 3];
            }
        }
        for (; i < n; i++, p += step) s0 += a[p];
        return (s0 + s1) + (s2 + s3);
    }

    /** Whether the kept dims (size > 1 in outShape) lie densely, row-major, at these strides: output element o at offset o. */
    private static boolean keptDimsDense(int[] outShape, int[] strides) {
        long expect = 1;
        for (int d = outShape.length - 1; d >= 0; d--) {
            if (outShape[d] == 1) continue;
            if (strides[d] != expect) return false;
            expect *= outShape[d];
        }
        return true;
    }

    /**
     * out[o] = Σ_i x[xOff + o + i·step] for o < outN, i < rows: sums over leading dims (a bias
     * gradient, (N, L, C) to (C)). Rows outer, columns inner, so that x is read in order; each
     * column is still summed in double from row 0 up, as the general path sums it.
     */
    private static void columnSums(float[] x, int xOff, int rows, int step, float[] out, int oOff, int outN) {
        Parallel.forRange(0, outN, Math.max(1, (1 << 16) / Math.max(1, rows)), (lo, hi) -> {
            double[] acc = new double[hi - lo];
            for (int i = 0; i < rows; i++) {
                int p = xOff + i * step + lo;
                for (int c = 0; c < acc.length; c++) acc[c] += x[p + c];
            }
            for (int c = 0; c < acc.length; c++) out[oOff + lo + c] = (float) acc[c];
        });
    }

    static void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        CpuStorage xs = (CpuStorage) x.storage(), os = (CpuStorage) out.storage();
        int[] outShape = out.shape(), xStrides = x.strides(), outStrides = out.strides();
        int outN = out.numel();
        if (outN == 0) return;
        SubTensor sub = SubTensor.of(x.shape(), xStrides, dims);
        int subN = x.numel() == 0 ? 0 : sub.rowStarts.length * sub.rowLen;
        int[] starts = sub.rowStarts;
        int len = subN == 0 ? 0 : sub.rowLen, step = sub.rowStride;
        boolean floating = x.dtype().isFloatingPoint();
        int xOff = x.offset(), oOff = out.offset();
        if (op == ReduceOp.SUM && x.dtype() == DType.F32 && out.dtype() == DType.F32 && starts.length == 1 && subN > 0 && outN > 1
                && keptDimsDense(outShape, xStrides) && keptDimsDense(outShape, outStrides)) {
            columnSums(xs.f32(), xOff, len, step, os.f32(), oOff, outN);
            return;
        }
        Parallel.forRange(0, outN, Math.max(1, (1 << 14) / Math.max(1, subN)), (lo, hi) -> {
            int[] at = new int[2];
            for (int o = lo; o < hi; o++) {
                locate(o, outShape, xStrides, outStrides, at);
                int base = xOff + at[0];
                if (floating) {
                    double acc = switch (op) {
                        case SUM -> 0;
                        case PROD, ALL -> 1;
                        case MAX -> Double.NEGATIVE_INFINITY;
                        case MIN -> Double.POSITIVE_INFINITY;
                        case ANY -> 0;
                    };
                    if (x.dtype() == DType.F32 && op == ReduceOp.SUM) {
                        float[] a = xs.f32();
                        for (int s : starts) acc += sumF32(a, base + s, len, step);
                    } else {
                        for (int s : starts) {
                            for (int i = 0, p = base + s; i < len; i++, p += step) {
                                double v = xs.get(p);
                                acc = switch (op) {
                                    case SUM -> acc + v;
                                    case PROD -> acc * v;
                                    case MAX -> (v > acc || Double.isNaN(v)) && !Double.isNaN(acc) ? v : acc;
                                    case MIN -> (v < acc || Double.isNaN(v)) && !Double.isNaN(acc) ? v : acc;
                                    case ALL -> v != 0 ? acc : 0;
                                    case ANY -> v != 0 ? 1 : acc;
                                };
                            }
                        }
                    }
                    if ((op == ReduceOp.MAX || op == ReduceOp.MIN) && subN == 0) {
                        throw new IllegalArgumentException("max/min: cannot reduce over a zero-size dimension");
                    }
                    os.set(oOff + at[1], acc);
                } else {
                    long acc = switch (op) {
                        case SUM, ANY -> 0;
                        case PROD, ALL -> 1;
                        case MAX -> Long.MIN_VALUE;
                        case MIN -> Long.MAX_VALUE;
                    };
                    for (int s : starts) {
                        for (int i = 0, p = base + s; i < len; i++, p += step) {
                            long v = xs.getLong(p);
                            acc = switch (op) {
                                case SUM -> acc + v;
                                case PROD -> acc * v;
                                case MAX -> Math.max(acc, v);
                                case MIN -> Math.min(acc, v);
                                case ALL -> v != 0 ? acc : 0;
                                case ANY -> v != 0 ? 1 : acc;
                            };
                        }
                    }
                    if ((op == ReduceOp.MAX || op == ReduceOp.MIN) && subN == 0) {
                        throw new IllegalArgumentException("max/min: cannot reduce over a zero-size dimension");
                    }
                    os.setLong(oOff + at[1], acc);
                }
            }
        });
    }

    static void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        CpuStorage xs = (CpuStorage) x.storage(), vs = (CpuStorage) values.storage();
        long[] idx = ((CpuStorage) indices.storage()).i64();
        int[] outShape = values.shape(), xStrides = x.strides(), vStrides = values.strides(), iStrides = indices.strides();
        int len = x.size(dim), step = xStrides[dim];
        int outN = values.numel();
        boolean floating = x.dtype().isFloatingPoint();
        Parallel.forRange(0, outN, Math.max(1, (1 << 14) / Math.max(1, len)), (lo, hi) -> {
            int[] at = new int[2], ati = new int[2];
            for (int o = lo; o < hi; o++) {
                locate(o, outShape, xStrides, vStrides, at);
                locate(o, outShape, xStrides, iStrides, ati);
                int p = x.offset() + at[0];
                int best = 0;
                if (floating) {
                    double bv = xs.get(p);
                    for (int i = 1; i < len && !Double.isNaN(bv); i++) {
                        double v = xs.get(p + i * step);
                        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                            bv = v;
                            best = i;
                        }
                    }
                    vs.set(values.offset() + at[1], bv);
                } else {
                    long bv = xs.getLong(p);
                    for (int i = 1; i < len; i++) {
                        long v = xs.getLong(p + i * step);
                        if (max ? v > bv : v < bv) {
                            bv = v;
                            best = i;
                        }
                    }
                    vs.setLong(values.offset() + at[1], bv);
                }
                idx[indices.offset() + ati[1]] = best;
            }
        });
    }

    static void cumsum(Tensor x, int dim, Tensor out) {
        CpuStorage xs = (CpuStorage) x.storage(), os = (CpuStorage) out.storage();
        int[] lineShape = x.shape();
        int len = lineShape[dim];
        lineShape[dim] = 1;
        int lines = 1;
        for (int s : lineShape) lines *= s;
        int[] xStrides = x.strides(), oStrides = out.strides();
        int xStep = xStrides[dim], oStep = oStrides[dim];
        boolean floating = x.dtype().isFloatingPoint();
        Parallel.forRange(0, lines, Math.max(1, 4096 / Math.max(1, len)), (lo, hi) -> {
            int[] at = new int[2];
            for (int l = lo; l < hi; l++) {
                locate(l, lineShape, xStrides, oStrides, at);
                int p = x.offset() + at[0], q = out.offset() + at[1];
                if (floating) {
                    double acc = 0;
                    for (int i = 0; i < len; i++, p += xStep, q += oStep) {
                        acc += xs.get(p);
                        os.set(q, acc);
                    }
                } else {
                    long acc = 0;
                    for (int i = 0; i < len; i++, p += xStep, q += oStep) {
                        acc += xs.getLong(p);
                        os.setLong(q, acc);
                    }
                }
            }
        });
    }
}
