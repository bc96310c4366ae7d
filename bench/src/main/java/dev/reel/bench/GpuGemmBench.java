package dev.reel.bench;

import dev.reel.cuda.CudaBackend;
import dev.reel.cuda.MatmulPrecision;
import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM on the GPU, n x n, with Reel's own kernels at each {@link MatmulPrecision}:
 * {@code highest} (the register-blocked F32 kernel), {@code high} (TF32 tensor cores) and
 * {@code medium} (BF16 tensor cores). The score is milliseconds per product, the device
 * synchronized after each; GFLOP/s is {@code 2 n^3 / score / 1e6} ({@link GpuBench} prints it).
 * Each result is checked on sampled elements against F64 dot products before timing. Needs a GPU:
 * run it through {@link GpuBench}, which skips with the reason where none is found.
 *
 * <pre>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GpuGemmBench {
    @Param({"1024", "2048", "4096", "8192"})
    public int n;

    @Param({"highest", "high", "medium"})
    public String precision;

    private static final CudaBackend GPU = CudaBackend.INSTANCE;
    private static final Device CUDA0 = Device.cuda(0);

    private Tensor a, b, c;
    private MatmulPrecision p;

    @Setup
    public void setup() {
        GpuBench.requireGpu();
        p = MatmulPrecision.parse(precision);
        Generator g = new Generator(42);
        Tensor ha = Tensor.randn(g, DType.F32, 1, n, n), hb = Tensor.randn(g, DType.F32, 1, n, n);
        a = ha.to(CUDA0);
        b = hb.to(CUDA0);
        c = Tensor.zeros(DType.F32, 1, n, n).to(CUDA0);
        product();
        double relative = switch (p) {
            case HIGHEST -> 2 * (n + 2) * 0x1p-24;
            case HIGH -> 1.5e-3;
            case MEDIUM -> 5e-3;
        };
        Validate.sampled(false, false, n, n, n, ha.toFloatArray(), n, hb.toFloatArray(), n, c.cpu().toFloatArray(), n,
                new SplittableRandom(7), relative);
    }

    @Benchmark
    public Tensor product() {
        try (var scope = p.use()) {
            GPU.matmul(a, b, c);
        }
        GPU.synchronize(CUDA0);
        return c;
    }
}
