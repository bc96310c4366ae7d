package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.reel.cuda.GpuTesting.CUDA0;
import static dev.reel.cuda.GpuTesting.GPU;
import static dev.reel.cuda.GpuTesting.close;
import static dev.reel.cuda.GpuTesting.empty;
import static dev.reel.cuda.GpuTesting.gpu;
import static dev.reel.cuda.GpuTesting.random;
import static dev.reel.cuda.GpuTesting.requireGpu;

/**
 * The fused LSTM/GRU cells and the row kernels (softmax, log-softmax, layer norm) on the GPU
 * against the CPU backend, same inputs, odd sizes and row-strided views. Tolerances: F32 1e-5
 * relative (the device's expf/tanhf and the JDK's differ by an ulp or two, and sums run in another
 * order); F64 1e-12. Skipped, with the reason, where no GPU is found.
 */
class CudaFusedKernelsTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    private static double tol(DType t) { return t == DType.F64 ? 1e-12 : 1e-5; }

    /** A (rows, cols) view with row stride cols + 3: the shape of the narrow views the layers pass. */
    private static Tensor[] strided(Random rnd, DType t, int rows, int cols) {
        Tensor wide = random(rnd, t, rows, cols + 3);
        return new Tensor[] {wide.narrow(1, 2, cols), gpu(wide).narrow(1, 2, cols)};
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void lstmCellForwardAndBackwardMatchCpu(DType t) {
        requireGpu();
        Random rnd = new Random(11);
        int b = 5, h = 37;
        for (boolean withBias : new boolean[] {true, false}) {
            Tensor[] gi = strided(rnd, t, b, 4 * h), gh = strided(rnd, t, b, 4 * h), c = strided(rnd, t, b, h);
            Tensor bi = withBias ? random(rnd, t, 4 * h) : null, bh = withBias ? random(rnd, t, 4 * h) : null;
            Tensor hcC = empty(CPU, Device.CPU, t, b, 2 * h), actsC = empty(CPU, Device.CPU, t, b, 4 * h);
            Tensor hcG = empty(GPU, CUDA0, t, b, 2 * h), actsG = empty(GPU, CUDA0, t, b, 4 * h);
            CPU.lstmCellForward(gi[0], gh[0], bi, bh, c[0], hcC, actsC);
            GPU.lstmCellForward(gi[1], gh[1], bi == null ? null : gpu(bi), bh == null ? null : gpu(bh), c[1], hcG, actsG);
            close(hcC, hcG, tol(t), "lstm hc");
            close(actsC, actsG, tol(t), "lstm acts");

            Tensor[] dhc = strided(rnd, t, b, 2 * h);
            Tensor dgC = empty(CPU, Device.CPU, t, b, 4 * h), dcC = empty(CPU, Device.CPU, t, b, h);
            Tensor dgG = empty(GPU, CUDA0, t, b, 4 * h), dcG = empty(GPU, CUDA0, t, b, h);
            CPU.lstmCellBackward(actsC, c[0], hcC, dhc[0], dgC, dcC);
            GPU.lstmCellBackward(actsG, c[1], hcG, dhc[1], dgG, dcG);
            close(dgC, dgG, tol(t), "lstm dGates");
            close(dcC, dcG, tol(t), "lstm dc");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void gruCellForwardAndBackwardMatchCpu(DType t) {
        requireGpu();
        Random rnd = new Random(12);
        int b = 3, h = 29;
        for (boolean withBias : new boolean[] {true, false}) {
            Tensor[] gi = strided(rnd, t, b, 3 * h), gh = strided(rnd, t, b, 3 * h), hp = strided(rnd, t, b, h);
            Tensor bi = withBias ? random(rnd, t, 3 * h) : null, bh = withBias ? random(rnd, t, 3 * h) : null;
            Tensor outC = empty(CPU, Device.CPU, t, b, h), actsC = empty(CPU, Device.CPU, t, b, 4 * h);
            Tensor outG = empty(GPU, CUDA0, t, b, h), actsG = empty(GPU, CUDA0, t, b, 4 * h);
            CPU.gruCellForward(gi[0], gh[0], bi, bh, hp[0], outC, actsC);
            GPU.gruCellForward(gi[1], gh[1], bi == null ? null : gpu(bi), bh == null ? null : gpu(bh), hp[1], outG, actsG);
            close(outC, outG, tol(t), "gru h'");
            close(actsC, actsG, tol(t), "gru acts");

            Tensor[] dOut = strided(rnd, t, b, h);
            Tensor diC = empty(CPU, Device.CPU, t, b, 3 * h), dhhC = empty(CPU, Device.CPU, t, b, 3 * h), dhC = empty(CPU, Device.CPU, t, b, h);
            Tensor diG = empty(GPU, CUDA0, t, b, 3 * h), dhhG = empty(GPU, CUDA0, t, b, 3 * h), dhG = empty(GPU, CUDA0, t, b, h);
            CPU.gruCellBackward(actsC, hp[0], dOut[0], diC, dhhC, dhC);
            GPU.gruCellBackward(actsG, hp[1], dOut[1], diG, dhhG, dhG);
            close(diC, diG, tol(t), "gru dGi");
            close(dhhC, dhhG, tol(t), "gru dGh");
            close(dhC, dhG, tol(t), "gru dh");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void softmaxRowsMatchCpuIncludingInfinities(DType t) {
        requireGpu();
        Random rnd = new Random(13);
        for (int n : new int[] {1, 3, 37, 1000, 5000}) {
            Tensor x = random(rnd, t, 7, n).mul(20);
            // a row with -inf entries and a row of large magnitude
            double[] d = x.to(DType.F64).toDoubleArray();
            for (int j = 0; j < n; j += 2) d[j] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) d[n + j] += 1e4;
            x = Tensor.fromArray(d, 7, n).to(t);
            for (boolean log : new boolean[] {false, true}) {
                Tensor c = empty(CPU, Device.CPU, t, 7, n), g = empty(GPU, CUDA0, t, 7, n);
                CPU.softmaxRows(x, log, c);
                GPU.softmaxRows(gpu(x), log, g);
                close(c, g, tol(t) * (log ? 10 : 1), (log ? "log_softmax" : "softmax") + " n=" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void layerNormRowsMatchCpu(DType t) {
        requireGpu();
        Random rnd = new Random(14);
        for (int n : new int[] {1, 5, 333, 4097}) {
            Tensor x = random(rnd, t, 9, n).add(3);
            Tensor w = random(rnd, t, n), bias = random(rnd, t, n);
            for (boolean affine : new boolean[] {true, false}) {
                Tensor oc = empty(CPU, Device.CPU, t, 9, n), mc = empty(CPU, Device.CPU, t, 9), rc = empty(CPU, Device.CPU, t, 9);
                Tensor og = empty(GPU, CUDA0, t, 9, n), mg = empty(GPU, CUDA0, t, 9), rg = empty(GPU, CUDA0, t, 9);
                CPU.layerNormRows(x, affine ? w : null, affine ? bias : null, 1e-5, oc, mc, rc);
                GPU.layerNormRows(gpu(x), affine ? gpu(w) : null, affine ? gpu(bias) : null, 1e-5, og, mg, rg);
                close(oc, og, tol(t) * 10, "layer_norm out n=" + n);
                close(mc, mg, tol(t), "layer_norm mean n=" + n);
                close(rc, rg, tol(t) * 10, "layer_norm rstd n=" + n);
            }
        }
    }
}
