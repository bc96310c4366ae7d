package dev.reel.bench;

import dev.reel.cuda.CudaBackend;
import dev.reel.cuda.CudaStorage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM on the GPU, n x n, with Reel's own kernels at each {@link MatmulPrecision}:
 * {@code highest} (the register-blocked F32 kernel), {@code high} (TF32 tensor cores) and
 * {@code medium} (BF16 tensor cores); and with cuBLAS as the yardstick: {@code cublas} (FP32,
 * {@code CUBLAS_DEFAULT_MATH}) and {@code cublas-tf32} ({@code CUBLAS_TF32_TENSOR_OP_MATH}). cuBLAS
 * runs in Reel's context on Reel's stream, on the same device tensors. The score is milliseconds
 * per product, the device synchronized after each; GFLOP/s is {@code 2 n^3 / score / 1e6}
 * ({@link GpuBench} prints it, with Reel / cuBLAS).
 *
 * <p>Before timing, each result is checked on sampled elements against F64 dot products, and each
 * cuBLAS product is compared element by element with Reel's product at the same precision. Needs a
 * GPU (and libcublas for the cuBLAS rows): run it through {@link GpuBench}, which skips with the
 * reason where either is missing.
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
    /** Reel's precisions, then the cuBLAS yardsticks. */
    static final String[] REEL = {"highest", "high", "medium"}, CUBLAS = {"cublas", "cublas-tf32"};

    @Param({"1024", "2048", "4096", "8192"})
    public int n;

    @Param({"highest", "high", "medium", "cublas", "cublas-tf32"})
    public String precision;

    private static final CudaBackend GPU = CudaBackend.INSTANCE;
    private static final Device CUDA0 = Device.cuda(0);

    private Tensor a, b, c;
    private MatmulPrecision p;
    private Cublas.Handle cublas;
    private SgemmCall call;

    @Setup
    public void setup() {
        GpuBench.requireGpu();
        boolean yardstick = precision.startsWith("cublas");
        // cuBLAS FP32 is compared with Reel's F32 kernel, cuBLAS TF32 with Reel's TF32 kernel.
        p = switch (precision) {
            case "cublas" -> MatmulPrecision.HIGHEST;
            case "cublas-tf32" -> MatmulPrecision.HIGH;
            default -> MatmulPrecision.parse(precision);
        };
        Generator g = new Generator(42);
        Tensor ha = Tensor.randn(g, DType.F32, 1, n, n), hb = Tensor.randn(g, DType.F32, 1, n, n);
        a = ha.to(CUDA0);
        b = hb.to(CUDA0);
        c = Tensor.zeros(DType.F32, 1, n, n).to(CUDA0);
        if (yardstick) {
            Cublas lib = GpuBench.requireCublas();
            cublas = lib.create(GPU.stream(CUDA0), p == MatmulPrecision.HIGH ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH);
            call = SgemmCall.rowMajor(false, false, n, n, n, address(a), n, address(b), n, address(c), n);
        }
        product();
        double relative = switch (p) {
            case HIGHEST -> 2 * (n + 2) * 0x1p-24;
            case HIGH -> 1.5e-3;
            case MEDIUM -> 5e-3;
        };
        Validate.sampled(false, false, n, n, n, ha.toFloatArray(), n, hb.toFloatArray(), n, c.cpu().toFloatArray(), n,
                new SplittableRandom(7), relative);
        if (yardstick) agreeWithReel(2 * relative);
    }

    /**
     * cuBLAS's product (in {@code c}) against Reel's at the same precision, every element:
     * {@code |cuBLAS - Reel| <= tolerance * (|A| |B|)}, the bound computed on the GPU by Reel's F32 kernel.
     */
    private void agreeWithReel(double tolerance) {
        Tensor reel = Tensor.zeros(DType.F32, 1, n, n).to(CUDA0);
        try (var scope = p.use()) {
            GPU.matmul(a, b, reel);
        }
        Tensor bound = Tensor.zeros(DType.F32, 1, n, n).to(CUDA0);
        try (var scope = MatmulPrecision.HIGHEST.use()) {
            GPU.matmul(a.abs(), b.abs(), bound);
        }
        Tensor diff = c.sub(reel).abs();
        double excess = diff.sub(bound.mul(tolerance)).max().item();
        if (excess > 0) {
            throw new IllegalStateException("cuBLAS (" + precision + ") and Reel (" + p + ") disagree at n=" + n
                    + ": max |cuBLAS - Reel| = " + diff.max().item() + ", over the bound " + tolerance
                    + " * sum |a b| by up to " + excess);
        }
    }

    /** The device address of a contiguous F32 tensor's first element. */
    private static long address(Tensor t) {
        return ((CudaStorage) t.storage()).address() + (long) t.offset() * Float.BYTES;
    }

    @Benchmark
    public Tensor product() {
        if (cublas != null) {
            GPU.stream(CUDA0);  // Reel's context current on this thread (JMH may time on another thread than setup's)
            cublas.sgemm(call);
        } else {
            try (var scope = p.use()) {
                GPU.matmul(a, b, c);
            }
        }
        GPU.synchronize(CUDA0);
        return c;
    }

    @TearDown
    public void tearDown() {
        if (cublas != null) {
            GPU.stream(CUDA0);  // the handle's context current on this thread
            cublas.close();
            cublas = null;
        }
    }
}
