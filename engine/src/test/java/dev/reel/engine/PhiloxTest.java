package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Philox 4x32-10 against the Random123 known-answer vectors (kat_vectors, philox4x32 10 rounds). */
class PhiloxTest {
    @Test
    void knownAnswerVectors() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, Philox.block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                Philox.block(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.block(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344));
    }

    @Test
    void sameSeedSameNumbersAnyThreadCount() {
        Reel.setNumThreads(1);
        float[] a = Tensor.rand(new Generator(7), 100_000).toFloatArray();
        Reel.setNumThreads(4);
        float[] b = Tensor.rand(new Generator(7), 100_000).toFloatArray();
        Reel.setNumThreads(Runtime.getRuntime().availableProcessors());
        assertArrayEquals(a, b);
    }

    @Test
    void uniformAndNormalMoments() {
        Tensor u = Tensor.rand(new Generator(1), DType.F64, 200_000);
        assertEquals(0.5, u.mean().item(), 0.005);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        Tensor n = Tensor.randn(new Generator(2), DType.F64, 200_000);
        assertEquals(0, n.mean().item(), 0.01);
        assertEquals(1, n.std().item(), 0.01);
    }

    @Test
    void manualSeedRewindsTheDefaultGenerator() {
        Reel.manualSeed(3);
        double[] a = Tensor.randn(DType.F64 == null ? null : new Generator(0), 4).toDoubleArray();
        Reel.manualSeed(3);
        Tensor x = Tensor.randn(5);
        Reel.manualSeed(3);
        Tensor y = Tensor.randn(5);
        assertTrue(x.equal(y));
        assertEquals(4, a.length);
    }

    @Test
    void randintAndRandpermRanges() {
        Tensor r = Tensor.randint(new Generator(4), -3, 5, 1000);
        assertEquals(DType.I64, r.dtype());
        assertTrue(r.min().item() >= -3 && r.max().item() <= 4);
        long[] p = Tensor.randperm(new Generator(4), 50).toLongArray();
        java.util.Arrays.sort(p);
        for (int i = 0; i < 50; i++) assertEquals(i, p[i]);
    }
}
