package dev.reel.cli;

import dev.reel.engine.Reel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    @Test
    void quickBenchPrintsEveryKernelWithAPositiveFigure() {
        int threads = Reel.numThreads();
        CliRunner r;
        try {
            r = CliRunner.run("bench", "--quick", "--threads", "1");
        } finally {
            Reel.setNumThreads(threads);   // the other tests of this JVM keep their thread count
        }
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("JMH benchmarks in bench/ are the authoritative measurement"), r.out());
        List<String> kernels = List.of("FMA peak, Vector API, 1 thread", "SGEMM 256x256x256", "SGEMM 512x512x512", "SGEMM 1024x1024x1024",
                "conv2d fwd+bwd N32 32->64 32x32 k3p1", "LSTM fwd+bwd B8 T16 I512 H256", "softmax 4096x1024 rows", "x*y+z, 16M floats");
        for (String k : kernels) {
            Matcher m = Pattern.compile(Pattern.quote(k) + "\\s+([0-9.]+)\\s+([0-9.]+) (GFLOP/s|GB/s)\\s+(\\d+ %|memory-bound)").matcher(r.out());
            assertTrue(m.find(), "no row for " + k + " in\n" + r.out());
            assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, m.group());
            assertEquals(k.startsWith("softmax") || k.startsWith("x*y+z") ? "GB/s" : "GFLOP/s", m.group(3), m.group());
        }
        assertTrue(r.out().contains("100 %"), "the FMA row is 100 % of itself:\n" + r.out());
    }

    @Test
    void badThreadsIsOneLine() {
        CliRunner r = CliRunner.run("bench", "--threads", "0");
        assertEquals(1, r.code());
        assertEquals("reel bench: --threads must be >= 1, got 0", r.err().strip());
    }
}
