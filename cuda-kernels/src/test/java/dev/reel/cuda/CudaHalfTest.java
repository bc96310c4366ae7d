package dev.reel.cuda;

import static dev.reel.cuda.GpuTesting.CUDA0;
import static dev.reel.cuda.GpuTesting.requireGpu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BF16 and F16 on the GPU: transfers keep the bits, the copy/cast kernels round as the CPU's, and
 * ops on half tensors (cast in, F32 kernel, cast out) give the CPU's results. Skipped, with the
 * reason, where no GPU is found.
 */
class CudaHalfTest {
    private static final float[] EDGES = {
        0f, -0f, 1f, 1.00390625f, 1.01171875f, 1.00048828125f, 65504f, 65519f, 65520f, 70000f, -1e5f,
        0x1p-24f, 0x1p-25f, 0x1.8p-25f, 6e-8f, Float.MIN_VALUE, 0x1p-127f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.intBitsToFloat(0x7F7F8000), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 123.456f, -3e-3f};

    private static short[] bits(Tensor t) {
        return ((CpuStorage) t.cpu().contiguous().storage()).bits16();
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void transfersKeepTheBits(DType dt) {
        requireGpu();
        Tensor h = Tensor.fromArray(EDGES, EDGES.length).to(dt);
        Tensor g = h.to(CUDA0);
        assertEquals(dt, g.dtype());
        assertEquals(Device.Type.CUDA, g.device().type());
        assertArrayEquals(bits(h), bits(g));
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void castKernelsRoundAsTheCpu(DType dt) {
        requireGpu();
        Tensor x = Tensor.fromArray(EDGES, EDGES.length);
        short[] cpu = bits(x.to(dt)), gpu = bits(x.to(CUDA0).to(dt));
        for (int i = 0; i < EDGES.length; i++) {
            if (Float.isNaN(EDGES[i])) continue; // NaN payloads are not specified
            assertEquals(cpu[i], gpu[i], dt + " of " + EDGES[i]);
        }
        Tensor back = x.to(dt).to(CUDA0).to(DType.F32).cpu();
        assertArrayEquals(x.to(dt).toFloatArray(), back.toFloatArray());
        Tensor ints = Tensor.fromArray(new long[] {2049, 65505, -7}, 3);
        assertArrayEquals(ints.to(dt).toFloatArray(), ints.to(CUDA0).to(dt).cpu().toFloatArray());
        Tensor filled = Tensor.zeros(dt, 5).to(CUDA0).fill_(1.00390625);
        assertArrayEquals(Tensor.zeros(dt, 5).fill_(1.00390625).toFloatArray(), filled.cpu().toFloatArray());
    }

    @ParameterizedTest
    @EnumSource(names = {"BF16", "F16"})
    void opsOnHalfTensorsMatchTheCpu(DType dt) {
        requireGpu();
        Tensor a = Tensor.randn(new Generator(1), 8, 16).to(dt), b = Tensor.randn(new Generator(2), 16).to(dt);
        Tensor m = Tensor.randn(new Generator(3), 16, 4).to(dt);
        assertArrayEquals(a.add(b).toFloatArray(), a.to(CUDA0).add(b.to(CUDA0)).cpu().toFloatArray());
        // the GPU's expf and GEMM summation order may differ from the CPU's in the last F32 bits,
        // which can move a rounded half value by one ulp
        close(dt, a.exp(), a.to(CUDA0).exp(), "exp");
        Tensor mm = a.to(CUDA0).matmul(m.to(CUDA0));
        assertEquals(dt, mm.dtype());
        close(dt, a.matmul(m), mm, "matmul");
    }

    private static void close(DType dt, Tensor cpu, Tensor gpu, String what) {
        float[] want = cpu.toFloatArray(), got = gpu.cpu().toFloatArray();
        double ulp = dt == DType.BF16 ? 0x1p-7 : 0x1p-10;
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], ulp * Math.max(1, Math.abs(want[i])), what + "[" + i + "]");
        }
    }
}
