package dev.reel.bench;

import dev.reel.cuda.CudaBackend;
import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.BinaryOp;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory-bound kernels on the GPU against the device's copy bandwidth, measured in the same run
 * on the same 64 Mi floats (256 MiB per operand, far beyond any L2): {@code copy} (read + write
 * one operand: the yardstick), {@code add} (read two, write one), {@code softmax} and
 * {@code layerNorm} over rows of 8192 (read one, write one). Scores are milliseconds per call,
 * the device synchronized after each; {@link GpuBench} turns them into GB/s and a share of the copy
 * bandwidth. The row kernels are checked against the CPU on a few rows before timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GpuBandwidthBench {
    /** Elements per operand, and the row length of the row kernels. */
    static final int N = 1 << 26, COLS = 8192;

    private static final CudaBackend GPU = CudaBackend.INSTANCE;
    private static final Device CUDA0 = Device.cuda(0);

    private Tensor x, y, out, rows, rowsOut, mean, rstd;

    @Setup
    public void setup() {
        GpuBench.requireGpu();
        Generator g = new Generator(3);
        x = Tensor.randn(g, DType.F32, N).to(CUDA0);
        y = Tensor.randn(g, DType.F32, N).to(CUDA0);
        out = Tensor.zeros(DType.F32, N).to(CUDA0);
        rows = x.reshape(N / COLS, COLS);
        rowsOut = out.reshape(N / COLS, COLS);
        mean = Tensor.zeros(DType.F32, N / COLS).to(CUDA0);
        rstd = Tensor.zeros(DType.F32, N / COLS).to(CUDA0);
        checkRows();
    }

    /** softmax and layer norm of the first 4 rows against the CPU backend (F32, 1e-5 relative). */
    private void checkRows() {
        Tensor head = rows.narrow(0, 0, 4);
        softmax();
        compare(head.cpu().softmax(1), rowsOut.narrow(0, 0, 4).cpu(), "softmax");
        layerNorm();
        compare(F.layerNorm(head.cpu(), new int[] {COLS}, null, null, 1e-5), rowsOut.narrow(0, 0, 4).cpu(), "layer_norm");
    }

    private static void compare(Tensor want, Tensor got, String what) {
        float[] w = want.toFloatArray(), h = got.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            if (!(Math.abs(w[i] - h[i]) <= 1e-5 * Math.max(1, Math.abs(w[i])))) {
                throw new IllegalStateException("benchmark result wrong: " + what + "[" + i + "] cpu " + w[i] + " gpu " + h[i]);
            }
        }
    }

    @Benchmark
    public Tensor copy() {
        GPU.copy(x, out);
        GPU.synchronize(CUDA0);
        return out;
    }

    @Benchmark
    public Tensor add() {
        GPU.binary(BinaryOp.ADD, x, y, out);
        GPU.synchronize(CUDA0);
        return out;
    }

    @Benchmark
    public Tensor softmax() {
        GPU.softmaxRows(rows, false, rowsOut);
        GPU.synchronize(CUDA0);
        return rowsOut;
    }

    @Benchmark
    public Tensor layerNorm() {
        GPU.layerNormRows(rows, null, null, 1e-5, rowsOut, mean, rstd);
        GPU.synchronize(CUDA0);
        return rowsOut;
    }

    /** Bytes each benchmark moves at the least (what it must read and write once). */
    static long bytes(String benchmark) {
        long operand = 4L * N;
        return switch (benchmark) {
            case "add" -> 3 * operand;
            case "copy", "softmax", "layerNorm" -> 2 * operand;
            default -> throw new IllegalArgumentException("GpuBandwidthBench has no benchmark " + benchmark);
        };
    }
}
