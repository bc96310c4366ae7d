package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ops whose outputs skip the zero fill ({@code Backend.allocateForOverwrite}) write every
 * element: run with the pool full of NaN-filled arrays of exactly their output's length, each
 * gives the same bits as with a clean pool, on 1..4 threads.
 */
class OverwriteAllocationTest {
    // every output below has N elements (pooled: ≥ MIN_ELEMENTS): rows of 1000 and pooled planes of
    // 55 x 75, so that the vector loops end in partial vectors
    private static final int N = 33 * 1000;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        CpuStoragePool.clear();
    }

    /** Puts dirty F32 and F64 arrays of length N into the pool. */
    private static void poison() {
        CpuStoragePool.clear();
        for (int i = 0; i < 6; i++) {
            CpuStorage f = CpuStoragePool.allocate(DType.F32, N), d = CpuStoragePool.allocate(DType.F64, N);
            java.util.Arrays.fill(f.f32(), Float.NaN);
            java.util.Arrays.fill(d.f64(), Double.NaN);
            f.recycle();
            d.recycle();
        }
    }

    private static void sameWithDirtyPool(String what, Supplier<Tensor> op) { sameWithDirtyPool(what, op, true); }

    /** {@code drawsFromPool}: the op's net use of the pool is checked (not for backward, which recycles its buffers back). */
    private static void sameWithDirtyPool(String what, Supplier<Tensor> op, boolean drawsFromPool) {
        CpuStoragePool.clear();
        double[] clean = op.get().toDoubleArray();
        poison();
        long held = CpuStoragePool.bytesHeld();
        double[] dirty = op.get().toDoubleArray();
        if (drawsFromPool) assertTrue(CpuStoragePool.bytesHeld() < held, what + ": the output did not come from the pool");
        assertArrayEquals(clean, dirty, 0.0, what);
    }

    @Test
    void outputsThatSkipTheZeroFillAreWrittenInFull() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CpuStoragePool.enabled(), "-Dreel.storagePool=false");
        Generator g = new Generator(7);
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                Tensor x = Tensor.randn(g, dt, 33, 1000), y = Tensor.randn(g, dt, 33, 1000), dy = Tensor.randn(g, dt, 33, 1000);
                Tensor img = Tensor.randn(g, dt, 2, 4, 110, 150);
                String t = " " + dt + " threads=" + threads;
                try (var off = Grad.off()) {
                    sameWithDirtyPool("relu" + t, x::relu);
                    sameWithDirtyPool("sigmoid" + t, x::sigmoid);
                    sameWithDirtyPool("add" + t, () -> x.add(y));
                    sameWithDirtyPool("mul by a broadcast row" + t, () -> x.mul(y.narrow(0, 0, 1)));
                    sameWithDirtyPool("sub of transposed views" + t, () -> x.t().sub(y.t()));
                    sameWithDirtyPool("max_pool2d" + t, () -> F.maxPool2d(img, 2));
                    sameWithDirtyPool("avg_pool2d" + t, () -> F.avgPool2d(img, 2));
                    sameWithDirtyPool("softmax" + t, () -> F.softmax(x, -1));
                    sameWithDirtyPool("log_softmax" + t, () -> F.logSoftmax(x, -1));
                    sameWithDirtyPool("layer_norm" + t, () -> F.layerNorm(x, 1000));
                }
                for (boolean log : new boolean[] {false, true}) {
                    sameWithDirtyPool((log ? "log_softmax" : "softmax") + " backward" + t, () -> {
                        Tensor xr = x.detach().requiresGrad_(true);
                        (log ? F.logSoftmax(xr, -1) : F.softmax(xr, -1)).backward(dy);
                        return xr.grad();
                    }, false);
                }
            }
        }
    }
}
