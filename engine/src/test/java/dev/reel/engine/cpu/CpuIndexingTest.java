package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * scatter / scatter_add (the kernel behind max pooling's and gather's gradients), split into rows
 * that cannot collide, against a plain loop over the index in row-major order: every dim as the
 * scattered one, odd sizes, many repeated indices (so rows really collide within themselves),
 * a transposed index and src, an index smaller than src, F32 and F64, 1..4 threads. Bit for bit:
 * each output element receives its terms in the same order as the reference.
 */
class CpuIndexingTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** out[i with i[dim] = index[i]] (+)= src[i] for every i in index's shape, in row-major order. */
    private static double[] reference(double[] out, int[] outShape, int dim, long[] index, int[] indexShape,
                                      double[] src, int[] srcShape, boolean accumulate) {
        double[] r = out.clone();
        int[] pos = new int[indexShape.length];
        for (int flat = 0; flat < index.length; flat++) {
            int o = 0, s = 0;
            for (int d = 0; d < pos.length; d++) {
                o = o * outShape[d] + (d == dim ? (int) index[flat] : pos[d]);
                s = s * srcShape[d] + pos[d];
            }
            r[o] = accumulate ? r[o] + src[s] : src[s];
            for (int d = pos.length - 1; d >= 0 && ++pos[d] == indexShape[d]; d--) pos[d] = 0;
        }
        return r;
    }

    @Test
    void rowSplitScatterMatchesThePlainLoop() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int a : SIZES) {
                int b = SIZES[(a * 3) % SIZES.length], c = SIZES[(a * 5 + 1) % SIZES.length];
                if (a * b * c > 60_000) c = 3;   // keeps the run short; every size still appears in each position
                int[] outShape = {a, b, c};
                for (int dim = 0; dim < 3; dim++) {
                    for (boolean accumulate : new boolean[] {true, false}) {
                        for (DType dt : new DType[] {DType.F32, DType.F64}) {
                            // index one smaller than out along the other dims where possible, src one larger
                            int[] ixShape = outShape.clone();
                            for (int d = 0; d < 3; d++) if (d != dim && ixShape[d] > 1) ixShape[d]--;
                            ixShape[dim] = Math.max(1, outShape[dim] + rnd.nextInt(3) - 1);
                            int[] srcShape = {ixShape[0] + 1, ixShape[1], ixShape[2] + 1};
                            long[] ix = new long[ixShape[0] * ixShape[1] * ixShape[2]];
                            // few distinct targets: many collisions inside each row
                            for (int i = 0; i < ix.length; i++) ix[i] = rnd.nextInt(Math.min(3, outShape[dim]));
                            double[] srcV = new double[srcShape[0] * srcShape[1] * srcShape[2]];
                            for (int i = 0; i < srcV.length; i++) srcV[i] = rnd.nextInt(2000) / 16.0 - 60;
                            double[] outV = new double[a * b * c];
                            for (int i = 0; i < outV.length; i++) outV[i] = rnd.nextInt(100) / 8.0;

                            // src stored transposed (a view), the index too
                            Tensor src = Tensor.fromArray(transposed(srcV, srcShape), srcShape[0], srcShape[2], srcShape[1])
                                    .transpose(1, 2).to(dt);
                            Tensor index = Tensor.fromArray(transposedLong(ix, ixShape), ixShape[0], ixShape[2], ixShape[1]).transpose(1, 2);
                            Tensor out = Tensor.fromArray(outV, outShape).to(dt);
                            CpuIndexing.scatter(out, dim, index, src, accumulate);
                            double[] want = reference(outV, outShape, dim, ix, ixShape, srcV, srcShape, accumulate);
                            if (dt == DType.F32) {
                                // the reference in F32 arithmetic, same order
                                float[] w32 = new float[want.length];
                                double[] r32 = reference32(outV, outShape, dim, ix, ixShape, srcV, srcShape, accumulate);
                                for (int i = 0; i < w32.length; i++) w32[i] = (float) r32[i];
                                assertArrayEquals(w32, out.toFloatArray(), "F32 dim " + dim + " out " + java.util.Arrays.toString(outShape)
                                        + " accumulate=" + accumulate + " threads=" + threads);
                            } else {
                                assertArrayEquals(want, out.toDoubleArray(), "F64 dim " + dim + " out " + java.util.Arrays.toString(outShape)
                                        + " accumulate=" + accumulate + " threads=" + threads);
                            }
                        }
                    }
                }
            }
        }
    }

    /** As {@link #reference} with every value and sum rounded to F32. */
    private static double[] reference32(double[] out, int[] outShape, int dim, long[] index, int[] indexShape,
                                        double[] src, int[] srcShape, boolean accumulate) {
        double[] o = out.clone(), s = src.clone();
        for (int i = 0; i < o.length; i++) o[i] = (float) o[i];
        for (int i = 0; i < s.length; i++) s[i] = (float) s[i];
        double[] r = o.clone();
        int[] pos = new int[indexShape.length];
        for (int flat = 0; flat < index.length; flat++) {
            int oi = 0, si = 0;
            for (int d = 0; d < pos.length; d++) {
                oi = oi * outShape[d] + (d == dim ? (int) index[flat] : pos[d]);
                si = si * srcShape[d] + pos[d];
            }
            r[oi] = accumulate ? (float) (r[oi] + s[si]) : s[si];
            for (int d = pos.length - 1; d >= 0 && ++pos[d] == indexShape[d]; d--) pos[d] = 0;
        }
        return r;
    }

    /** v (row-major, shape [p, q, r]) stored as [p, r, q]. */
    private static double[] transposed(double[] v, int[] s) {
        double[] t = new double[v.length];
        for (int i = 0; i < s[0]; i++) for (int j = 0; j < s[1]; j++) for (int k = 0; k < s[2]; k++) {
            t[(i * s[2] + k) * s[1] + j] = v[(i * s[1] + j) * s[2] + k];
        }
        return t;
    }

    private static long[] transposedLong(long[] v, int[] s) {
        long[] t = new long[v.length];
        for (int i = 0; i < s[0]; i++) for (int j = 0; j < s[1]; j++) for (int k = 0; k < s[2]; k++) {
            t[(i * s[2] + k) * s[1] + j] = v[(i * s[1] + j) * s[2] + k];
        }
        return t;
    }
}
