package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuStorage;
import java.util.Locale;

/** PyTorch-style printing and host access to a tensor's elements. */
public final class TensorFormat {
    private TensorFormat() {}

    private static final int SUMMARIZE_OVER = 1000, EDGE = 3;

    /** A contiguous host copy (or the tensor itself when it already is one), as raw storage. */
    public static CpuStorage hostContiguous(Tensor t) {
        Tensor h = t.detach().cpu();
        if (!h.isContiguous() || h.offset() != 0 || h.storage().size() != h.numel()) {
            Tensor c = Creation.empty(h.dtype(), h.device(), h.shape());
            h.backend().copy(h, c);
            h = c;
        }
        return (CpuStorage) h.storage();
    }

    public static String format(Tensor t) {
        CpuStorage s = hostContiguous(t);
        int[] shape = t.shape();
        boolean summarize = t.numel() > SUMMARIZE_OVER;
        DType dt = t.dtype();
        // number format shared by all elements, as PyTorch picks one per tensor
        boolean allInts = true;
        double maxAbs = 0, minAbs = Double.MAX_VALUE;
        for (int i = 0; i < s.size(); i++) {
            double v = s.get(i);
            if (!Double.isFinite(v)) continue;
            if (v != Math.rint(v)) allInts = false;
            maxAbs = Math.max(maxAbs, Math.abs(v));
            if (v != 0) minAbs = Math.min(minAbs, Math.abs(v));
        }
        boolean sci = dt.isFloatingPoint() && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.MAX_VALUE) || (maxAbs / minAbs > 1000 && !allInts && maxAbs > 1e3));
        final boolean ints = allInts;
        java.util.function.DoubleFunction<String> fmt = v -> {
            if (dt == DType.BOOL) return v != 0 ? "True" : "False";
            if (!dt.isFloatingPoint()) return Long.toString((long) v);
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (sci) return String.format(Locale.ROOT, "%.4e", v);
            if (ints) return String.format(Locale.ROOT, "%.0f.", v);
            return String.format(Locale.ROOT, "%.4f", v);
        };
        int width = 0;
        for (int i = 0; i < s.size(); i++) width = Math.max(width, fmt.apply(s.get(i)).length());
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(fmt.apply(s.get(0)));
        } else {
            append(sb, s, shape, 0, 0, width, fmt, summarize, 7);
        }
        boolean showDType = !(dt == DType.F32 || dt == DType.I64 || dt == DType.BOOL) || t.numel() == 0;
        if (t.numel() == 0) sb.append(", size=").append(java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        if (showDType) sb.append(", dtype=").append(dt.torchName());
        if (!t.device().equals(dev.reel.engine.Device.CPU)) sb.append(", device='").append(t.device()).append("'");
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn().name()).append(">");
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(")").toString();
    }

    private static void append(StringBuilder sb, CpuStorage s, int[] shape, int dim, int base, int width,
                               java.util.function.DoubleFunction<String> fmt, boolean summarize, int indent) {
        int n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= shape[d];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (dim == shape.length - 1) {
                String v = fmt.apply(s.get(base + i));
                sb.append(" ".repeat(Math.max(0, width - v.length()))).append(v);
            } else {
                append(sb, s, shape, dim + 1, base + i * stride, width, fmt, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(',');
                if (dim == shape.length - 1) sb.append(' ');
                else sb.append("\n".repeat(shape.length - 1 - dim)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }
}
