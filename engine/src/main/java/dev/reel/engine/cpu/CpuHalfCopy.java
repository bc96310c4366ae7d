package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.HalfFloats;

/**
 * The cast kernel's pairs that involve BF16 or F16 (short[] bit patterns): F32 ↔ half get their own
 * loops, since every op on a half tensor casts through F32; the same half type is a plain copy of
 * the bits; every other pair goes through {@link CpuStorage}'s converting accessors (via F32 for
 * the half side, as PyTorch converts).
 */
final class CpuHalfCopy {
    private CpuHalfCopy() {}

    static void copy(StridedLoop loop, CpuStorage a, int sa, CpuStorage o, int so) {
        DType from = a.dtype(), to = o.dtype();
        if (from == to) {
            short[] x = a.bits16(), y = o.bits16();
            loop.run((off, n) -> {
                if (sa == 1 && so == 1) System.arraycopy(x, off[0], y, off[1], n);
                else for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = x[p];
            });
        } else if (from == DType.F32 && to == DType.BF16) {
            float[] x = a.f32();
            short[] y = o.bits16();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = HalfFloats.toBF16(x[p]); });
        } else if (from == DType.F32 && to == DType.F16) {
            float[] x = a.f32();
            short[] y = o.bits16();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = HalfFloats.toF16(x[p]); });
        } else if (from == DType.BF16 && to == DType.F32) {
            short[] x = a.bits16();
            float[] y = o.f32();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = HalfFloats.fromBF16(x[p]); });
        } else if (from == DType.F16 && to == DType.F32) {
            short[] x = a.bits16();
            float[] y = o.f32();
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) y[q] = HalfFloats.fromF16(x[p]); });
        } else if (from.isFloatingPoint()) {
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.set(q, a.get(p)); });
        } else {
            loop.run((off, n) -> { for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += sa, q += so) o.setLong(q, a.getLong(p)); });
        }
    }
}
