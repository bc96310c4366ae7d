package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;

/**
 * Batched matrix multiply over strided 3-D views. Each batch's operand is described to the GEMM
 * as row-major with a leading dimension, or transposed, whichever its strides say; anything else
 * (both strides non-unit) is copied to contiguous first.
 */
final class CpuMatmul {
    private CpuMatmul() {}

    /** One operand's batch of matrices as GEMM sees it. */
    private record Operand(Object array, int offset, int batchStride, boolean trans, int ld) {}

    private static Operand describe(Tensor t) {
        int[] st = t.strides(), sh = t.shape();
        int rows = sh[1], cols = sh[2];
        int bs = sh[0] == 1 ? 0 : st[0];
        // a GEMM operand needs unit stride along one axis and a leading dimension at least the other's size
        if ((st[2] == 1 || cols == 1) && (rows == 1 || st[1] >= cols)) {
            return new Operand(((CpuStorage) t.storage()).array(), t.offset(), bs, false, rows == 1 ? cols : st[1]);
        }
        if ((st[1] == 1 || rows == 1) && (cols == 1 || st[2] >= rows)) {
            return new Operand(((CpuStorage) t.storage()).array(), t.offset(), bs, true, cols == 1 ? rows : st[2]);
        }
        Tensor c = CpuElementwise.dense(t);
        return new Operand(((CpuStorage) c.storage()).array(), c.offset(), sh[0] == 1 ? 0 : rows * cols, false, cols);
    }

    static void matmul(Tensor a, Tensor b, Tensor out) {
        int batch = out.size(0), m = out.size(1), n = out.size(2), k = a.size(2);
        Operand A = describe(a), B = describe(b);
        Object c = ((CpuStorage) out.storage()).array();
        int cOff = out.offset();
        if (out.dtype() == DType.F32) {
            Gemms.sgemmBatched(A.trans, B.trans, m, n, k, (float[]) A.array, A.offset, A.ld, A.batchStride,
                    (float[]) B.array, B.offset, B.ld, B.batchStride, (float[]) c, cOff, n, m * n, batch, false);
        } else if (out.dtype() == DType.F64) {
            Gemms.dgemmBatched(A.trans, B.trans, m, n, k, (double[]) A.array, A.offset, A.ld, A.batchStride,
                    (double[]) B.array, B.offset, B.ld, B.batchStride, (double[]) c, cOff, n, m * n, batch, false);
        } else {
            throw new IllegalArgumentException("matmul: not defined for " + out.dtype().torchName() + " (use a float dtype)");
        }
    }
}
