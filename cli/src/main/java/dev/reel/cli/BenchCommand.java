package dev.reel.cli;

import dev.reel.engine.Reel;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code reel bench}: a quick run (well under 30 s) of the main CPU kernels — the FMA roofline,
 * SGEMM, conv2d and LSTM forward+backward, softmax and an elementwise op — printing GFLOP/s (GB/s
 * for the memory-bound ones) and the share of the FMA peak measured in the same run. Each figure
 * is the median of a few timed calls after a warm-up. For figures to quote, run the JMH benchmarks
 * in {@code bench/}.
 *
 * <pre>{@code
 * ./reel bench
 * ./reel bench --threads 1 --quick
 * }</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time the main CPU kernels: GFLOP/s (GB/s) and %% of the FMA peak. The JMH benchmarks in bench/ are authoritative.")
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", description = "kernel threads, and threads of the FMA peak loop (default: all cores)")
    Integer threads;

    @Option(names = "--quick", description = "shorter warm-up and fewer timed calls (a few seconds)")
    boolean quick;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (threads != null && threads < 1) throw new UserError("--threads must be >= 1, got " + threads);
        if (threads != null) Reel.setNumThreads(threads);
        int n = Reel.numThreads();
        QuickBench.Effort effort = quick ? QuickBench.Effort.QUICK : QuickBench.Effort.FULL;
        out.printf(Locale.ROOT, "reel bench: %d kernel thread%s, %d-bit vectors (%d floats), median of %d timed calls after warm-up%n", n,
                n == 1 ? "" : "s", FloatVector.SPECIES_PREFERRED.vectorBitSize(), FloatVector.SPECIES_PREFERRED.length(), effort.timedCalls);
        out.println("A quick look only: the JMH benchmarks in bench/ are the authoritative measurement.");
        out.println();
        out.printf(Locale.ROOT, "%-40s %10s %16s %14s%n", "kernel", "ms/call", "rate", "% of FMA peak");
        out.flush();
        double peak = Double.NaN;
        for (QuickBench.Kernel k : QuickBench.all(n)) {
            QuickBench.Result r = k.measure(effort);
            if (Double.isNaN(peak)) peak = r.rate();   // the first row is the FMA peak
            String rate = k.memoryBound() ? String.format(Locale.ROOT, "%.1f GB/s", r.rate() / 1e9)
                    : String.format(Locale.ROOT, "%.1f GFLOP/s", r.rate() / 1e9);
            String share = k.memoryBound() ? "memory-bound" : String.format(Locale.ROOT, "%.0f %%", 100 * r.rate() / peak);
            out.printf(Locale.ROOT, "%-40s %10.2f %16s %14s%n", k.name(), 1e3 * r.seconds(), rate, share);
            out.flush();
        }
    }
}
