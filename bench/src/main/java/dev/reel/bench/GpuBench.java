package dev.reel.bench;

import dev.reel.cuda.CudaBackend;
import dev.reel.engine.Device;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the GPU benchmarks ({@link GpuGemmBench}, {@link GpuBandwidthBench}) and prints their tables:
 * SGEMM GFLOP/s per precision with the tensor-core speed-ups, Reel against cuBLAS (FP32 and TF32),
 * and the memory-bound kernels in GB/s as a share of the copy bandwidth measured in the same run.
 * Where no CUDA GPU is found it says why and exits 0 without running anything; where cuBLAS is not
 * found it says why and runs everything else.
 *
 * <pre>{@code
 * ./mvnw -q -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench          # n = 1024..8192
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench 1024 2048
 * java -Dreel.cublas.library=/opt/cuda/lib64/libcublas.so.13 --enable-native-access=ALL-UNNAMED \
 *      -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench     # cuBLAS outside the usual folders
 * }</pre>
 * {@code bench/run-gpu.sh} packs a Java runtime and the class path for a GPU machine that has no JDK.
 */
public final class GpuBench {
    private GpuBench() {}

    /** cuBLAS, looked for once per JVM and only when asked. */
    private static final class CublasHolder {
        static final Cublas.Loaded LOADED = Cublas.load();
    }

    /** Why the GPU benchmarks cannot run here, or "" when they can. */
    static String unavailableReason() {
        CudaBackend gpu = CudaBackend.INSTANCE;
        return gpu.isAvailable() ? "" : gpu.unavailableReason();
    }

    /** Fails a benchmark's setup, with the reason, where there is no GPU. */
    static void requireGpu() {
        String reason = unavailableReason();
        if (!reason.isEmpty()) throw new IllegalStateException("GPU benchmarks need a CUDA GPU: " + reason);
    }

    /** Why the cuBLAS rows cannot run, or "" when they can: no GPU first, else no cuBLAS. */
    static String cublasSkipReason(String gpuReason, Cublas.Loaded cublas) {
        if (!gpuReason.isEmpty()) return "no CUDA GPU found: " + gpuReason;
        return cublas.cublas().isPresent() ? "" : cublas.reason();
    }

    /** cuBLAS for a benchmark's setup; fails it, with the reason, where the library is missing. */
    static Cublas requireCublas() {
        Cublas.Loaded loaded = CublasHolder.LOADED;
        return loaded.cublas().orElseThrow(() -> new IllegalStateException("the cuBLAS rows need libcublas: "
                + loaded.reason()));
    }

    public static void main(String[] args) throws RunnerException {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            System.out.println("GPU benchmarks skipped: no CUDA GPU found: " + reason);
            return;
        }
        Device cuda0 = Device.cuda(0);
        String cublasReason = cublasSkipReason(reason, CublasHolder.LOADED);
        List<String> precisions = new ArrayList<>(List.of(GpuGemmBench.REEL));
        String yardstick;
        if (cublasReason.isEmpty()) {
            precisions.addAll(List.of(GpuGemmBench.CUBLAS));
            Cublas lib = CublasHolder.LOADED.cublas().orElseThrow();
            try (Cublas.Handle h = lib.create(CudaBackend.INSTANCE.stream(cuda0), Cublas.DEFAULT_MATH)) {
                int v = h.version();
                yardstick = String.format(Locale.ROOT, "cuBLAS %d.%d.%d (%s)", v / 10000, v / 100 % 100, v % 100, lib.library());
            }
        } else {
            yardstick = "cuBLAS rows skipped: " + cublasReason;
        }
        System.out.println(yardstick);
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(GpuGemmBench.class.getSimpleName()).include(GpuBandwidthBench.class.getSimpleName());
        ob.param("precision", precisions.toArray(String[]::new));
        if (args.length > 0) ob.param("n", args);
        Options options = ob.build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println(CudaBackend.INSTANCE.describe(cuda0) + ", " + yardstick);
        System.out.print(tables(results));
    }

    /** The tables, from JMH's results (scores in ms per call). */
    static String tables(Collection<RunResult> results) {
        Map<Integer, Map<String, Double>> gemm = new TreeMap<>();
        Map<String, Double> bandwidth = new TreeMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            double ms = r.getPrimaryResult().getScore();
            if (bench.contains(GpuGemmBench.class.getSimpleName())) {
                int n = Integer.parseInt(r.getParams().getParam("n"));
                gemm.computeIfAbsent(n, k -> new TreeMap<>()).put(r.getParams().getParam("precision"), ms);
            } else {
                bandwidth.put(method, ms);
            }
        }
        return tables(gemm, bandwidth);
    }

    /**
     * The tables from milliseconds per call: {@code gemm} by n, then by the precision parameter of
     * {@link GpuGemmBench}; {@code bandwidth} by the method of {@link GpuBandwidthBench}.
     */
    static String tables(Map<Integer, Map<String, Double>> gemm, Map<String, Double> bandwidth) {
        StringBuilder sb = new StringBuilder();
        if (!gemm.isEmpty()) {
            sb.append("\n| n | F32 GFLOP/s | TF32 GFLOP/s | BF16 GFLOP/s | TF32 / F32 | BF16 / F32 |\n|---|---|---|---|---|---|\n");
            for (var e : gemm.entrySet()) {
                double flop = 2.0 * Math.pow(e.getKey(), 3);
                Map<String, Double> byP = e.getValue();
                double f32 = gflops(flop, byP.get("highest")), tf32 = gflops(flop, byP.get("high")),
                        bf16 = gflops(flop, byP.get("medium"));
                sb.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n", e.getKey(), f32, tf32, bf16,
                        tf32 / f32, bf16 / f32));
            }
        }
        if (gemm.values().stream().anyMatch(m -> m.containsKey("cublas") || m.containsKey("cublas-tf32"))) {
            // The targets: Reel F32 >= 90 % of cuBLAS FP32, Reel TF32 >= 70 % of cuBLAS TF32.
            sb.append("\n| n | Reel F32 GFLOP/s | cuBLAS FP32 GFLOP/s | Reel / cuBLAS (target 0.90) "
                    + "| Reel TF32 GFLOP/s | cuBLAS TF32 GFLOP/s | Reel / cuBLAS (target 0.70) |\n|---|---|---|---|---|---|---|\n");
            for (var e : gemm.entrySet()) {
                double flop = 2.0 * Math.pow(e.getKey(), 3);
                Map<String, Double> byP = e.getValue();
                double f32 = gflops(flop, byP.get("highest")), cuF32 = gflops(flop, byP.get("cublas"));
                double tf32 = gflops(flop, byP.get("high")), cuTf32 = gflops(flop, byP.get("cublas-tf32"));
                sb.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |%n", e.getKey(), f32, cuF32,
                        f32 / cuF32, tf32, cuTf32, tf32 / cuTf32));
            }
        }
        Double copyMs = bandwidth.get("copy");
        if (copyMs != null) {
            double copy = GpuBandwidthBench.bytes("copy") / copyMs / 1e6;
            sb.append("\n| kernel | ms | GB/s | % of copy |\n|---|---|---|---|\n");
            List<String> order = new ArrayList<>(List.of("copy", "add", "softmax", "layerNorm"));
            order.retainAll(bandwidth.keySet());
            for (String k : order) {
                double gbs = GpuBandwidthBench.bytes(k) / bandwidth.get(k) / 1e6;
                sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.0f | %.0f %% |%n", k, bandwidth.get(k), gbs, 100 * gbs / copy));
            }
        }
        return sb.toString();
    }

    private static double gflops(double flop, Double ms) {
        return ms == null ? Double.NaN : flop / ms / 1e6;
    }
}
