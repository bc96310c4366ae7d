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
 * SGEMM GFLOP/s per precision with the tensor-core speed-ups, and the memory-bound kernels in GB/s
 * as a share of the copy bandwidth measured in the same run. Where no CUDA GPU is found it says
 * why and exits 0 without running anything.
 *
 * <pre>{@code
 * ./mvnw -q -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench          # n = 1024..8192
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.reel.bench.GpuBench 1024 2048
 * }</pre>
 */
public final class GpuBench {
    private GpuBench() {}

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

    public static void main(String[] args) throws RunnerException {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            System.out.println("GPU benchmarks skipped: no CUDA GPU found: " + reason);
            return;
        }
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(GpuGemmBench.class.getSimpleName()).include(GpuBandwidthBench.class.getSimpleName());
        if (args.length > 0) ob.param("n", args);
        Options options = ob.build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println(CudaBackend.INSTANCE.describe(Device.cuda(0)));
        System.out.print(tables(results));
    }

    /** The two tables, from JMH's results (scores in ms per call). */
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
        StringBuilder sb = new StringBuilder();
        sb.append("\n| n | F32 GFLOP/s | TF32 GFLOP/s | BF16 GFLOP/s | TF32 / F32 | BF16 / F32 |\n|---|---|---|---|---|---|\n");
        for (var e : gemm.entrySet()) {
            double flop = 2.0 * Math.pow(e.getKey(), 3);
            Map<String, Double> byP = e.getValue();
            double f32 = gflops(flop, byP.get("highest")), tf32 = gflops(flop, byP.get("high")), bf16 = gflops(flop, byP.get("medium"));
            sb.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n", e.getKey(), f32, tf32, bf16,
                    tf32 / f32, bf16 / f32));
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
