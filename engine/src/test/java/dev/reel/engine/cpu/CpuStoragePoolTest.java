package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Recycled arrays come back zero-filled (at 1..4 threads), only at their own length and type; a recycled storage refuses use. */
class CpuStoragePoolTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void recycledArraysAreReusedZeroFilled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CpuStoragePool.enabled(), "-Dreel.storagePool=false");
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int size : new int[] {CpuStoragePool.MIN_ELEMENTS, CpuStoragePool.MIN_ELEMENTS * 5 + 33, (1 << 18) + 129}) {
                CpuStoragePool.clear();
                CpuStorage f = CpuStoragePool.allocate(DType.F32, size), d = CpuStoragePool.allocate(DType.F64, size);
                float[] fa = f.f32();
                double[] da = d.f64();
                java.util.Arrays.fill(fa, 3f);
                java.util.Arrays.fill(da, -2.0);
                f.recycle();
                d.recycle();
                assertEquals(4L * size + 8L * size, CpuStoragePool.bytesHeld());
                // another length or type does not take them
                CpuStorage other = CpuStoragePool.allocate(DType.F32, size + 1);
                assertFalse(other.f32() == fa);
                CpuStorage f2 = CpuStoragePool.allocate(DType.F32, size), d2 = CpuStoragePool.allocate(DType.F64, size);
                assertSame(fa, f2.f32(), "the recycled float[] is reused");
                assertSame(da, d2.f64(), "the recycled double[] is reused");
                for (int i = 0; i < size; i++) {
                    if (fa[i] != 0f || da[i] != 0.0) throw new AssertionError("threads=" + threads + " size=" + size + ": element " + i + " not zeroed");
                }
                assertEquals(0, CpuStoragePool.bytesHeld());
            }
        }
    }

    @Test
    void recycledStorageRefusesUseAndWrappedArraysStayOut() {
        CpuStorage s = CpuStoragePool.allocate(DType.F32, CpuStoragePool.MIN_ELEMENTS);
        s.recycle();
        if (CpuStoragePool.enabled()) {
            var e = assertThrows(IllegalStateException.class, s::f32);
            assertTrue(e.getMessage().contains("used after autograd recycled it"), e.getMessage());
        }
        // an array the caller handed in is never pooled: recycling it does nothing
        float[] mine = new float[CpuStoragePool.MIN_ELEMENTS];
        CpuStorage wrapped = new CpuStorage(DType.F32, mine);
        CpuStoragePool.clear();
        wrapped.recycle();
        assertSame(mine, wrapped.f32());
        assertEquals(0, CpuStoragePool.bytesHeld());
        // small arrays are left to the JVM
        CpuStorage small = CpuStoragePool.allocate(DType.F32, CpuStoragePool.MIN_ELEMENTS - 1);
        small.recycle();
        assertEquals(CpuStoragePool.MIN_ELEMENTS - 1, small.f32().length);
    }
}
