package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the GPU-vs-CPU tests share: the skip, random inputs, transfers and the tolerance check. */
final class GpuTesting {
    private GpuTesting() {}

    static final CudaBackend GPU = CudaBackend.INSTANCE;
    static final Device CUDA0 = Device.cuda(0);

    /** Skips the calling test, saying why, where no GPU (or driver, or compiled kernels) was found. */
    static void requireGpu() {
        assumeTrue(GPU.isAvailable(), "no CUDA GPU found: " + GPU.unavailableReason());
    }

    /** A CPU tensor of standard normal values (F32, or F64 when asked). */
    static Tensor random(Random rnd, DType t, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rnd.nextGaussian();
        Tensor x = Tensor.fromArray(d, shape);
        return t == DType.F64 ? x : x.to(t);
    }

    static Tensor empty(Backend b, Device dev, DType t, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.fromStorage(b.allocate(dev, t, n), shape, CudaElementwise.contiguousStrides(shape), 0);
    }

    /** The same values on cuda:0, contiguous. */
    static Tensor gpu(Tensor cpu) {
        Tensor c = cpu.contiguous();
        return Tensor.fromStorage(GPU.upload(CUDA0, c.storage()), c.shape(), c.strides(), c.offset());
    }

    static double[] host(Tensor t) {
        return t.cpu().to(DType.F64).contiguous().toDoubleArray();
    }

    /**
     * |want - got| <= tol · max(1, |want|) element by element (NaN and infinities must match exactly).
     */
    static void close(Tensor want, Tensor got, double tol, String what) {
        double[] w = host(want), g = host(got);
        assertEquals(w.length, g.length, what + ": sizes");
        for (int i = 0; i < w.length; i++) {
            boolean ok = Double.compare(w[i], g[i]) == 0
                    || Math.abs(w[i] - g[i]) <= tol * Math.max(1, Math.abs(w[i]));
            assertTrue(ok, what + " [" + i + "]: cpu " + w[i] + " gpu " + g[i] + " (tolerance " + tol + ")");
        }
    }
}
