package dev.reel.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * Square SGEMM through DJL's PyTorch engine (libtorch 2.x, its own MKL/oneDNN build), the peer
 * column "libtorch (DJL)" of {@code bench/run-kernels.sh}: the twin of {@code SgemmBench}. Only
 * compiled with {@code -Pdjl}; the JVM runs with {@code -Dai.djl.offline=true}, so the native
 * library must come from the {@code pytorch-native-cpu} jar on the class path. Seconds per product.
 *
 * <pre>{@code ./mvnw -q -pl bench -am -Pdjl package -DskipTests
 * java -jar bench/target/benchmarks.jar DjlSgemmBench -p threads=1}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class DjlSgemmBench {
    @Param({"1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private NDManager manager;
    private NDArray a, b;

    @Setup
    public void setup() {
        manager = DjlSetup.manager(threads);
        a = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(n, n));
        b = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(n, n));
        float[] c = product(), as = a.toFloatArray(), bs = b.toFloatArray();
        // validate before timing: sampled elements against F64 dot products
        for (int s = 0; s < 16; s++) {
            int i = (s * 131) % n, j = (s * 577 + 3) % n;
            double sum = 0, abs = 0;
            for (int p = 0; p < n; p++) {
                double t = (double) as[i * n + p] * bs[p * n + j];
                sum += t;
                abs += Math.abs(t);
            }
            if (!(Math.abs(c[i * n + j] - sum) <= 2 * (n + 2) * 0x1p-24 * abs)) {
                throw new IllegalStateException("DjlSgemmBench: C[" + i + "," + j + "] is " + c[i * n + j] + ", expected " + sum);
            }
        }
    }

    private float[] product() {
        try (NDManager step = manager.newSubManager()) {
            a.tempAttach(step);
            b.tempAttach(step);
            return a.matMul(b).toFloatArray();
        }
    }

    @Benchmark
    public long multiply() {
        // the product is attached to the step's manager and freed with it
        try (NDManager step = manager.newSubManager()) {
            a.tempAttach(step);
            b.tempAttach(step);
            return a.matMul(b).size();
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
