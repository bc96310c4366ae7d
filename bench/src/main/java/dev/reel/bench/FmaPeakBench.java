package dev.reel.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's F32 FMA roofline, the yardstick every kernel figure is judged against: a loop of
 * independent vector FMAs with no memory traffic. The score is FLOP/s (summed over threads).
 *
 * <p>16 accumulators hide the FMA latency (4 cycles, 2 pipes: at least 8 in flight are needed)
 * and fit the 32 registers of AVX-512 (an AVX2 machine spills a few, which costs little here since
 * the loads are off the critical path).
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar FmaPeakBench}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** FLOPs per invocation: a constant, whatever the vector width, so the score is FLOP/s. */
    static final int FLOPS = 1 << 24;
    private static final int STEPS = FLOPS / (2 * 16 * S.length());

    private final float x = 1.0000001f, y = 0.9999999f;

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FLOPS)
    public float fma1Thread() {
        return loop();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FLOPS)
    public float fma2Threads() {
        return loop();
    }

    private float loop() {
        FloatVector m = FloatVector.broadcast(S, x), d = FloatVector.broadcast(S, y);
        FloatVector a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        FloatVector a8 = d, a9 = d, a10 = d, a11 = d, a12 = d, a13 = d, a14 = d, a15 = d;
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, d); a1 = a1.fma(m, d); a2 = a2.fma(m, d); a3 = a3.fma(m, d);
            a4 = a4.fma(m, d); a5 = a5.fma(m, d); a6 = a6.fma(m, d); a7 = a7.fma(m, d);
            a8 = a8.fma(m, d); a9 = a9.fma(m, d); a10 = a10.fma(m, d); a11 = a11.fma(m, d);
            a12 = a12.fma(m, d); a13 = a13.fma(m, d); a14 = a14.fma(m, d); a15 = a15.fma(m, d);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
        return s.lane(0);
    }
}
