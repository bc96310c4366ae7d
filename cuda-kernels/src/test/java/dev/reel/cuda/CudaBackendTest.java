package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.ConvGeometry;
import dev.reel.engine.backend.PoolGeometry;
import dev.reel.engine.backend.ReduceOp;
import dev.reel.engine.backend.UnaryOp;
import dev.reel.engine.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kernel family on the GPU against the CPU backend, same inputs. Skipped, with the reason,
 * where no GPU, driver or compiled kernels are present; the discovery tests always run.
 */
class CudaBackendTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static final CudaBackend GPU = CudaBackend.INSTANCE;
    private static final Device CUDA0 = Device.cuda(0);

    @Test
    void serviceLoaderFindsTheCudaBackend() {
        Backend b = Backends.registered(Device.Type.CUDA);
        assertInstanceOf(CudaBackend.class, b);
        assertEquals(GPU.isAvailable(), b.isAvailable());
        if (!b.isAvailable()) {
            assertFalse(b.unavailableReason().isBlank());
            var e = assertThrows(IllegalStateException.class, () -> Backends.of(CUDA0));
            assertTrue(e.getMessage().contains(b.unavailableReason()), e.getMessage());
        }
    }

    private static void requireGpu() {
        assumeTrue(GPU.isAvailable(), "no CUDA GPU found: " + GPU.unavailableReason());
    }

    private static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) rnd.nextGaussian();
        return Tensor.fromArray(d, shape);
    }

    private static Tensor empty(Backend b, Device dev, DType t, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        int[] strides = new int[shape.length];
        for (int d = shape.length - 1, acc = 1; d >= 0; d--) {
            strides[d] = acc;
            acc *= shape[d];
        }
        return Tensor.fromStorage(b.allocate(dev, t, n), shape, strides, 0);
    }

    private static Tensor gpu(Tensor cpu) {
        return Tensor.fromStorage(GPU.upload(CUDA0, cpu.contiguous().storage()), cpu.shape(),
                cpu.contiguous().strides(), 0);
    }

    private static float[] host(Tensor t) {
        return t.cpu().toFloatArray();
    }

    private static void close(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double scale = Math.max(1, Math.abs(want[i]));
            assertTrue(Math.abs(want[i] - got[i]) <= tol * scale || Float.compare(want[i], got[i]) == 0,
                    what + " [" + i + "]: cpu " + want[i] + " gpu " + got[i]);
        }
    }

    @Test
    void uploadDownloadRoundTrips() {
        requireGpu();
        Tensor x = random(new Random(1), 3, 5, 7);
        assertArrayEquals(x.toFloatArray(), host(gpu(x)));
    }

    @Test
    void binaryWithBroadcastAndUnaryMatchCpu() {
        requireGpu();
        Random rnd = new Random(2);
        Tensor a = random(rnd, 4, 1, 6), b = random(rnd, 1, 5, 6);
        // Broadcast views: stride 0 along the expanded dims.
        Tensor ae = a.asStrided(new int[] {4, 5, 6}, new int[] {6, 0, 1}, 0);
        Tensor be = b.asStrided(new int[] {4, 5, 6}, new int[] {0, 6, 1}, 0);
        Tensor ga = gpu(a), gb = gpu(b);
        Tensor gae = ga.asStrided(new int[] {4, 5, 6}, new int[] {6, 0, 1}, 0);
        Tensor gbe = gb.asStrided(new int[] {4, 5, 6}, new int[] {0, 6, 1}, 0);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.MAXIMUM, BinaryOp.ATAN2}) {
            Tensor c = empty(CPU, Device.CPU, DType.F32, 4, 5, 6), g = empty(GPU, CUDA0, DType.F32, 4, 5, 6);
            CPU.binary(op, ae, be, c);
            GPU.binary(op, gae, gbe, g);
            close(c.toFloatArray(), host(g), 1e-6, op.name());
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RELU, UnaryOp.ERF}) {
            Tensor c = empty(CPU, Device.CPU, DType.F32, 4, 1, 6), g = empty(GPU, CUDA0, DType.F32, 4, 1, 6);
            CPU.unary(op, a, c, 0, 0);
            GPU.unary(op, ga, g, 0, 0);
            close(c.toFloatArray(), host(g), 1e-5, op.name());
        }
    }

    @Test
    void reductionsMatchCpuIncludingTheTwoPassPath() {
        requireGpu();
        Tensor x = random(new Random(3), 3, 200_000);
        Tensor gx = gpu(x);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}) {
            Tensor c = empty(CPU, Device.CPU, DType.F32, 3, 1), g = empty(GPU, CUDA0, DType.F32, 3, 1);
            CPU.reduce(op, x, new int[] {1}, c);
            GPU.reduce(op, gx, new int[] {1}, g);
            close(c.toFloatArray(), host(g), 1e-4, op.name());
        }
    }

    @Test
    void matmulMatchesCpu() {
        requireGpu();
        Random rnd = new Random(4);
        Tensor a = random(rnd, 2, 130, 70), b = random(rnd, 2, 70, 129);
        Tensor c = empty(CPU, Device.CPU, DType.F32, 2, 130, 129), g = empty(GPU, CUDA0, DType.F32, 2, 130, 129);
        CPU.matmul(a, b, c);
        try (var f32 = MatmulPrecision.HIGHEST.use()) {  // whatever -Dreel.cuda.tf32 says
            GPU.matmul(gpu(a), gpu(b), g);
        }
        close(c.toFloatArray(), host(g), 1e-4, "matmul");
    }

    @Test
    void convAndItsGradientsMatchCpu() {
        requireGpu();
        try (var f32 = MatmulPrecision.HIGHEST.use()) {  // the GEMMs at F32, whatever -Dreel.cuda.tf32 says
            Random rnd = new Random(5);
            ConvGeometry geo = new ConvGeometry(new int[] {1, 2, 1}, new int[] {0, 1, 1}, new int[] {1, 1, 2}, 2);
            Tensor x = random(rnd, 2, 4, 1, 9, 8), w = random(rnd, 6, 2, 1, 3, 3);
            int[] ys = {2, 6, 1, geo.outSize(1, 9, 3), geo.outSize(2, 8, 3)};
            Tensor c = empty(CPU, Device.CPU, DType.F32, ys), g = empty(GPU, CUDA0, DType.F32, ys);
            CPU.conv(geo, x, w, c);
            GPU.conv(geo, gpu(x), gpu(w), g);
            close(c.toFloatArray(), host(g), 1e-4, "conv");
            Tensor dy = random(rnd, ys);
            Tensor dxc = empty(CPU, Device.CPU, DType.F32, x.shape()), dxg = empty(GPU, CUDA0, DType.F32, x.shape());
            CPU.convBackwardInput(geo, dy, w, dxc);
            GPU.convBackwardInput(geo, gpu(dy), gpu(w), dxg);
            close(dxc.toFloatArray(), host(dxg), 1e-4, "conv dx");
            Tensor dwc = empty(CPU, Device.CPU, DType.F32, w.shape()), dwg = empty(GPU, CUDA0, DType.F32, w.shape());
            CPU.convBackwardWeight(geo, x, dy, dwc);
            GPU.convBackwardWeight(geo, gpu(x), gpu(dy), dwg);
            close(dwc.toFloatArray(), host(dwg), 1e-4, "conv dw");
        }
    }

    @Test
    void maxPoolMatchesCpu() {
        requireGpu();
        PoolGeometry geo = new PoolGeometry(new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1},
                new int[] {1, 1, 1}, true, 0, false);
        Tensor x = random(new Random(6), 2, 3, 1, 9, 9);
        int[] ys = {2, 3, 1, 5, 5};
        Tensor c = empty(CPU, Device.CPU, DType.F32, ys), g = empty(GPU, CUDA0, DType.F32, ys);
        Tensor ci = empty(CPU, Device.CPU, DType.I64, ys), gi = empty(GPU, CUDA0, DType.I64, ys);
        CPU.maxPool(geo, x, c, ci);
        GPU.maxPool(geo, gpu(x), g, gi);
        close(c.toFloatArray(), host(g), 0, "max_pool");
        close(ci.toFloatArray(), host(gi), 0, "max_pool indices");
    }

    @Test
    void uniformRandomIsBitIdenticalToCpu() {
        requireGpu();
        Tensor c = empty(CPU, Device.CPU, DType.F32, 1001), g = empty(GPU, CUDA0, DType.F32, 1001);
        CPU.random(c, false, 0x1234_5678_9abcL, 13, -2, 3);
        GPU.random(g, false, 0x1234_5678_9abcL, 13, -2, 3);
        assertArrayEquals(c.toFloatArray(), host(g));
    }

    @Test
    void badGatherIndexIsAnErrorNamingTheOp() {
        requireGpu();
        Tensor x = gpu(random(new Random(7), 5));
        Tensor idx = gpu(Tensor.fromArray(new long[] {0, 9}, 2));
        Tensor out = empty(GPU, CUDA0, DType.F32, 2);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> GPU.gather(x, 0, idx, out));
        assertTrue(e.getMessage().contains("gather: index 9"), e.getMessage());
    }
}
