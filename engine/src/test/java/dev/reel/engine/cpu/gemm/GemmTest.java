package dev.reel.engine.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.cpu.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The F32 and F64 GEMM plans against {@link GemmReference}. Each element may differ from the F64
 * oracle by the bound for a sum of k+1 rounded products, {@code (k + 2) u (sum |a||b| + |c0|)}
 * with {@code u = 2^-24} (F32) or {@code 2^-53} (F64), taken with a factor 2 of margin.
 */
class GemmTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** The plans a call can take, each forced directly so every size exercises every path. */
    enum Plan { DISPATCH, TALL, WIDE, DOT }

    /** One random problem with sub-matrix views: offsets and leading dimensions past the row. */
    record Problem(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda,
                   int bOff, int ldb, int cOff, int ldc, boolean accumulate) {
        static Problem random(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k) {
            int aCols = transA ? m : k, bCols = transB ? k : n;
            return new Problem(transA, transB, m, n, k, rnd.nextInt(4), aCols + rnd.nextInt(3),
                    rnd.nextInt(4), bCols + rnd.nextInt(3), rnd.nextInt(4), n + rnd.nextInt(3),
                    rnd.nextBoolean());
        }

        int aLen() { return aOff + (transA ? k : m) * lda; }
        int bLen() { return bOff + (transB ? n : k) * ldb; }
        int cLen() { return cOff + m * ldc; }
    }

    static float[] randomFloats(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    static void checkFloat(Problem p, Plan plan, int threads, SplittableRandom rnd) {
        float[] a = randomFloats(rnd, p.aLen()), b = randomFloats(rnd, p.bLen()), c = randomFloats(rnd, p.cLen());
        float[] expected = c.clone(), got = c.clone();
        GemmReference.sgemm(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff, p.ldb,
                expected, p.cOff, p.ldc, p.accumulate);
        switch (plan) {
            case DISPATCH -> Gemm.sgemm(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate);
            case TALL -> FloatGemm.tall(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate, threads);
            case WIDE -> FloatGemm.wide(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate, threads);
            case DOT -> FloatGemm.dotRows(p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff, p.ldb,
                    got, p.cOff, p.ldc, p.accumulate, threads);
        }
        // The error bound needs sum |a||b| per element: the oracle on absolute values gives it.
        float[] absA = abs(a), absB = abs(b), bound = abs(c);
        GemmReference.sgemm(p.transA, p.transB, p.m, p.n, p.k, absA, p.aOff, p.lda, absB, p.bOff, p.ldb,
                bound, p.cOff, p.ldc, p.accumulate);
        double u = 0x1p-24;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - p.cOff, i = rel / p.ldc, j = rel % p.ldc;
            boolean inside = rel >= 0 && i < p.m && j < p.n;
            if (!inside) {
                if (Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(c[idx])) {
                    fail(p + " " + plan + ": wrote outside C at " + idx);
                }
                continue;
            }
            double tol = 2 * (p.k + 2) * u * bound[idx] + Float.MIN_NORMAL;
            if (!(Math.abs(got[idx] - expected[idx]) <= tol)) {
                fail(p + " " + plan + " threads " + threads + ": C[" + i + "," + j + "] = " + got[idx]
                        + ", expected " + expected[idx] + " +- " + tol);
            }
        }
    }

    static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
        return y;
    }

    @Test
    void floatPlansMatchOracleOnOddSizesAllTransposes() {
        Parallel.setThreads(4);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
            for (int trial = 0; trial < 120; trial++) {
                int m = SIZES[rnd.nextInt(SIZES.length)], n = SIZES[rnd.nextInt(SIZES.length)];
                int k = SIZES[rnd.nextInt(SIZES.length)];
                if (trial < SIZES.length) m = n = k = SIZES[trial];
                Problem p = Problem.random(rnd, transA, transB, m, n, k);
                int threads = 1 + rnd.nextInt(4);
                checkFloat(p, Plan.DISPATCH, threads, rnd);
                checkFloat(p, Plan.TALL, threads, rnd);
                checkFloat(p, Plan.WIDE, threads, rnd);
                if (transB && !transA) checkFloat(p, Plan.DOT, threads, rnd);
            }
        }
    }

    @Test
    void floatBlockingEdges() {
        // Depth past one KC panel, rows past one MC block, columns past one NC block.
        SplittableRandom rnd = new SplittableRandom(2);
        int kc = GemmTiling.KC;
        int[][] shapes = {{300, 70, kc + 37}, {FloatGemm.MC + 9, 45, 2 * kc + 1}, {9, FloatGemm.NC + 40, 20},
                          {8, 1024, 256}, {5, 300, kc + 3}, {260, 3, 11}};
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    Problem p = Problem.random(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]);
                    checkFloat(p, Plan.DISPATCH, threads, rnd);
                    checkFloat(p, Plan.TALL, threads, rnd);
                    checkFloat(p, Plan.WIDE, threads, rnd);
                    if (p.transB && !p.transA) checkFloat(p, Plan.DOT, threads, rnd);
                }
            }
        }
    }

    @Test
    void doublePlansMatchOracle() {
        Parallel.setThreads(4);
        SplittableRandom rnd = new SplittableRandom(3);
        int kc = GemmTiling.KC;
        for (int trial = 0; trial < 160; trial++) {
            int m = SIZES[rnd.nextInt(SIZES.length)], n = SIZES[rnd.nextInt(SIZES.length)];
            int k = trial % 40 == 0 ? kc + 5 : SIZES[rnd.nextInt(SIZES.length)];
            if (trial == 1) m = DoubleGemm.MC + 3;
            Problem p = Problem.random(rnd, rnd.nextBoolean(), rnd.nextBoolean(), m, n, k);
            int threads = 1 + rnd.nextInt(4);
            for (Plan plan : Plan.values()) {
                if (plan == Plan.DOT && (!p.transB || p.transA)) continue;
                checkDouble(p, plan, threads, rnd);
            }
        }
    }

    static void checkDouble(Problem p, Plan plan, int threads, SplittableRandom rnd) {
        double[] a = rnd.doubles(p.aLen(), -1, 1).toArray(), b = rnd.doubles(p.bLen(), -1, 1).toArray();
        double[] c = rnd.doubles(p.cLen(), -1, 1).toArray();
        double[] expected = c.clone(), got = c.clone();
        GemmReference.dgemm(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff, p.ldb,
                expected, p.cOff, p.ldc, p.accumulate);
        switch (plan) {
            case DISPATCH -> Gemm.dgemm(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate);
            case TALL -> DoubleGemm.tall(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate, threads);
            case WIDE -> DoubleGemm.wide(p.transA, p.transB, p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff,
                    p.ldb, got, p.cOff, p.ldc, p.accumulate, threads);
            case DOT -> DoubleGemm.dotRows(p.m, p.n, p.k, a, p.aOff, p.lda, b, p.bOff, p.ldb,
                    got, p.cOff, p.ldc, p.accumulate, threads);
        }
        double[] absA = a.clone(), absB = b.clone(), bound = c.clone();
        for (int i = 0; i < absA.length; i++) absA[i] = Math.abs(absA[i]);
        for (int i = 0; i < absB.length; i++) absB[i] = Math.abs(absB[i]);
        for (int i = 0; i < bound.length; i++) bound[i] = Math.abs(bound[i]);
        GemmReference.dgemm(p.transA, p.transB, p.m, p.n, p.k, absA, p.aOff, p.lda, absB, p.bOff, p.ldb,
                bound, p.cOff, p.ldc, p.accumulate);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - p.cOff, i = rel / p.ldc, j = rel % p.ldc;
            if (rel < 0 || i >= p.m || j >= p.n) {
                if (c[idx] != got[idx]) fail(p + " " + plan + ": wrote outside C at " + idx);
                continue;
            }
            // Both sides round: the oracle's own error is within the same bound.
            double tol = 4 * (p.k + 2) * 0x1p-53 * bound[idx] + Double.MIN_NORMAL;
            if (!(Math.abs(got[idx] - expected[idx]) <= tol)) {
                fail(p + " " + plan + ": C[" + i + "," + j + "] = " + got[idx]
                        + ", expected " + expected[idx] + " +- " + tol);
            }
        }
    }

    @Test
    void batchedMatchesOneCallPerItem() {
        SplittableRandom rnd = new SplittableRandom(4);
        // Small items (split by batch), large items (split inside), and a shared A (stride 0).
        int[][] shapes = {{5, 7, 9}, {65, 129, 80}};
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2], batch = 3;
                for (int aStride : new int[] {0, m * k + 5}) {
                    float[] a = randomFloats(rnd, 2 + m * k + 2 * aStride), b = randomFloats(rnd, k * n * batch);
                    float[] c = randomFloats(rnd, m * n * batch), expected = c.clone();
                    Gemm.sgemmBatched(false, true, m, n, k, a, 2, k, b, 0, k, c, 0, n, true,
                            batch, aStride, k * n, m * n);
                    for (int t = 0; t < batch; t++) {
                        float[] item = new float[m * n];
                        Gemm.sgemm(false, true, m, n, k, a, 2 + t * aStride, k, b, t * k * n, k, item, 0, n, false);
                        for (int i = 0; i < m * n; i++) {
                            assertEquals(expected[t * m * n + i] + item[i], c[t * m * n + i],
                                    1e-5f * (1 + Math.abs(c[t * m * n + i])));
                        }
                    }
                    double[] da = rnd.doubles(m * k, -1, 1).toArray(), db = rnd.doubles(k * n * batch, -1, 1).toArray();
                    double[] dc = new double[m * n * batch], one = new double[m * n];
                    Gemm.dgemmBatched(true, false, m, n, k, da, 0, m, db, 0, n, dc, 0, n, false, batch, 0, k * n, m * n);
                    for (int t = 0; t < batch; t++) {
                        GemmReference.dgemm(true, false, m, n, k, da, 0, m, db, t * k * n, n, one, 0, n, false);
                        for (int i = 0; i < m * n; i++) assertEquals(one[i], dc[t * m * n + i], 1e-12 * k);
                    }
                }
            }
        }
    }

    @Test
    void emptyDepthZeroesOrKeepsC() {
        float[] c = {Float.NaN, 5f};
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, true);
        assertTrue(Float.isNaN(c[0]) && c[1] == 5f, "accumulate with k = 0 leaves C as it is");
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[] {0f, 0f}, c);
    }

    @Test
    void overwriteIgnoresNaNInC() {
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }

    @Test
    void badArgumentsAreNamed() {
        float[] x = new float[6];
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 3, 3, x, 0, 3, x, 0, 3, new float[6], 0, 3, false));
        assertTrue(e.getMessage().startsWith("sgemm: B stored 3x3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(true, false, 2, 2, 3, x, 0, 1, x, 0, 2, new float[4], 0, 2, false));
        assertTrue(e.getMessage().contains("leading dimension of A is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, false, -1, 2, 2, new double[4], 0, 2, new double[4], 0, 2, new double[4], 0, 2, false));
        assertTrue(e.getMessage().startsWith("dgemm: sizes must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmBatched(false, false, 2, 2, 2, new float[4], 0, 2, new float[4], 0, 2,
                        new float[8], 0, 2, false, 2, 0, 0, 3));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, x, -1, 2, x, 0, 2, new float[4], 0, 2, false));
        assertTrue(e.getMessage().contains("offset of A is negative"), e.getMessage());
    }
}
