package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Philox;
import dev.reel.engine.Tensor;

/**
 * Fills a contiguous tensor from a Philox stream: element i of the tensor uses words
 * {@code offset + i*w ... offset + i*w + w-1} (w = 1 for F32 uniform, else 2), so any chunk can be
 * computed by any thread, and a GPU produces the same values.
 */
final class CpuRandom {
    private CpuRandom() {}

    static int wordsPerElement(DType dtype, boolean normal) {
        return !normal && dtype == DType.F32 ? 1 : 2;
    }

    static void random(Tensor out, boolean normal, long seed, long offset, double a, double b) {
        CpuStorage os = (CpuStorage) out.storage();
        int w = wordsPerElement(out.dtype(), normal);
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
        int base = out.offset();
        Parallel.forRange(0, out.numel(), 1 << 14, (lo, hi) -> {
            long cachedBlock = -1;
            int[] block = null;
            int[] words = new int[2];
            for (int i = lo; i < hi; i++) {
                for (int t = 0; t < w; t++) {
                    long j = offset + (long) i * w + t;
                    long blk = j >>> 2;
                    if (blk != cachedBlock) {
                        block = Philox.block(k0, k1, (int) blk, (int) (blk >>> 32), 0, 0);
                        cachedBlock = blk;
                    }
                    words[t] = block[(int) (j & 3)];
                }
                double v;
                if (normal) v = a + b * Philox.normal(words[0], words[1]);
                else if (w == 1) v = a + (b - a) * Philox.uniformFloat(words[0]);
                else v = a + (b - a) * Philox.uniformDouble(words[0], words[1]);
                if (!normal && v >= b && b > a) v = Math.nextDown(b); // keep [a, b) after rounding
                os.set(base + i, v);
            }
        });
    }
}
