package dev.reel.engine.cpu;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.OptimOps;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector kernels give the same bits interpreted and compiled: a child JVM run with
 * {@code -Xint} (nothing compiled) prints the hashes of a few kernels' outputs, and this JVM, after
 * enough repetitions for C2 to compile them, must print the same. Without this, a seeded training
 * run could change its numbers with the JIT's timing.
 */
class JitIndependenceTest {
    /** Entry point of the child JVM: prints the hashes once, interpreted. */
    public static void main(String[] args) {
        System.out.println(hashes());
    }

    static String hashes() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 6, 67).mul(4);
        Tensor h = Tensor.randn(g, 3, 40);
        Tensor wq = Tensor.randn(g, 2, 3, 9, 16);
        StringBuilder sb = new StringBuilder();
        sb.append("exp=").append(hash(x.exp()));
        sb.append(" tanh=").append(hash(x.tanh()));
        sb.append(" sigmoid=").append(hash(x.sigmoid()));
        sb.append(" softmax=").append(hash(x.softmax(1)));
        sb.append(" logSoftmax=").append(hash(x.logSoftmax(1)));
        sb.append(" layerNorm=").append(hash(F.layerNorm(x, new int[] {67}, null, null, 1e-5)));
        sb.append(" matmulSkinny=").append(hash(h.matmul(x.narrow(0, 0, 6).narrow(1, 0, 40).t())));
        Tensor xs = Tensor.randn(g, 3, 24), wIh = Tensor.randn(g, 160, 24).mul(0.3), wHh = Tensor.randn(g, 160, 40).mul(0.3);
        Tensor bIh = Tensor.randn(g, 160), bHh = Tensor.randn(g, 160), c = Tensor.randn(g, 3, 40);
        sb.append(" lstmCell=").append(hash(F.lstmCell(xs, h, c, wIh, wHh, bIh, bHh).h()));
        sb.append(" gruCell=").append(hash(F.gruCell(xs, h, wIh.narrow(0, 0, 120), wHh.narrow(0, 0, 120), bIh.narrow(0, 0, 120), bHh.narrow(0, 0, 120))));
        sb.append(" attention=").append(hash(F.scaledDotProductAttention(wq, wq.mul(0.5), wq)));
        Tensor p = x.clone(), m = x.zerosLike(), v = x.zerosLike(), vMax = x.zerosLike(), buf = x.zerosLike();
        for (int step = 1; step <= 2; step++) OptimOps.adamStep(p, x.mul(0.1), m, v, vMax, 1e-2, 0.9, 0.999, 1e-8, 0.01, false, step);
        sb.append(" adamStep=").append(hash(p));
        for (int step = 1; step <= 2; step++) OptimOps.sgdStep(p, x.mul(0.1), buf, 0.05, 0.9, 0, 0.01, true, step == 1);
        sb.append(" sgdStep=").append(hash(p));
        return sb.toString();
    }

    private static String hash(Tensor t) {
        long h = 1125899906842597L;
        for (float v : t.contiguous().toFloatArray()) h = 31 * h + Float.floatToIntBits(v);
        return Long.toHexString(h);
    }

    @Test
    void interpretedAndCompiledKernelsAgreeBitForBit() throws IOException, InterruptedException {
        String warm = null;
        for (int i = 0; i < 3000; i++) warm = hashes();   // long enough for C2 to compile the kernels
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                JitIndependenceTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint child did not finish");
        assertEquals(0, p.exitValue(), "the -Xint child failed:\n" + err);
        assertEquals(warm, new String(out, StandardCharsets.UTF_8).strip(), "interpreted (expected) vs compiled (actual) kernel outputs");
    }
}
