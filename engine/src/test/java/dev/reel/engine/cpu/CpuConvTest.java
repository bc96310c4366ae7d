package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.ConvGeometry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The F32 convolution kernels (im2col with copied runs, column buffers reused per thread, col2im
 * with vector adds, the blocked GEMM) against the F64 kernels run on the same values, for the
 * forward pass and both gradients, over odd sizes, strides, padding wider than the kernel's reach,
 * dilation, groups, 1-D to 3-D, non-contiguous inputs and 1..4 threads.
 *
 * <p>Tolerance per element, from the reduction length k of that element's sum (Higham's bound
 * for a sum of k products rounded in F32): |f32 - f64| ≤ γ(k)·Σ|a·b| with γ(k) = k·u/(1 - k·u),
 * u = 2⁻²⁴. Σ|a·b| is the same kernel run in F64 on |x|, |w|, |dy|.
 */
class CpuConvTest {
    private static final double U = 0x1p-24;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** n, cin, d, h, w, cout, kd, kh, kw, stride (z, y, x), pad (z, y, x), dilation (z, y, x), groups. */
    private static final int[][] CASES = {
        {2, 3, 1, 7, 17, 4, 1, 3, 3, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1},
        {1, 2, 1, 1, 33, 3, 1, 1, 3, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1},          // 1-D
        {3, 4, 1, 9, 31, 6, 1, 3, 3, 1, 2, 2, 0, 1, 1, 1, 1, 1, 2},          // stride 2, groups
        {1, 2, 1, 8, 65, 2, 1, 3, 2, 1, 1, 3, 0, 2, 3, 1, 2, 2, 1},          // dilation, wide padding
        {2, 2, 3, 5, 7, 3, 2, 2, 3, 1, 1, 2, 1, 0, 1, 1, 1, 1, 1},           // 3-D
        {1, 3, 1, 2, 2, 1, 1, 3, 3, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1},           // output 2x2, mostly padding
        {2, 5, 1, 3, 129, 7, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1},         // 1x1 (no column buffer)
        {1, 1, 1, 1, 127, 1, 1, 1, 7, 1, 1, 3, 0, 0, 3, 1, 1, 1, 1},         // stride 3 along the row
    };

    private static int out(int in, int k, int s, int p, int d) {
        return (in + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    @Test
    void f32KernelsMatchF64WithinTheReductionBound() {
        Generator g = new Generator(7);
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int[] c : CASES) {
                ConvGeometry geo = new ConvGeometry(new int[] {c[9], c[10], c[11]}, new int[] {c[12], c[13], c[14]},
                        new int[] {c[15], c[16], c[17]}, c[18]);
                int n = c[0], cin = c[1], cout = c[5], groups = c[18];
                int[] xs = {n, cin, c[2], c[3], c[4]}, ws = {cout, cin / groups, c[6], c[7], c[8]};
                int[] ys = {n, cout, out(c[2], c[6], c[9], c[12], c[15]), out(c[3], c[7], c[10], c[13], c[16]),
                        out(c[4], c[8], c[11], c[14], c[17])};
                // x as a transposed view: the kernels must not assume contiguity
                Tensor x = Tensor.randn(g, n, cin, c[2], c[4], c[3]).transpose(3, 4);
                Tensor w = Tensor.randn(g, ws), dy = Tensor.randn(g, ys);
                String what = "case " + java.util.Arrays.toString(c) + " threads=" + threads;
                int kvol = c[6] * c[7] * c[8];

                Tensor y32 = Tensor.zeros(ys), y64 = Tensor.zeros(DType.F64, ys), yAbs = Tensor.zeros(DType.F64, ys);
                CpuConv.conv(geo, x, w, y32);
                CpuConv.conv(geo, x.to(DType.F64), w.to(DType.F64), y64);
                CpuConv.conv(geo, x.to(DType.F64).abs(), w.to(DType.F64).abs(), yAbs);
                assertWithin(y64, y32, yAbs, (cin / groups) * kvol, what + " forward");

                // with a bias (a strided view): one more term in each sum
                Tensor bias = Tensor.randn(g, cout, 2).select(1, 1);
                Tensor bias64 = bias.to(DType.F64);
                Tensor yb32 = Tensor.zeros(ys), yb64 = Tensor.zeros(DType.F64, ys), ybAbs = Tensor.zeros(DType.F64, ys);
                CpuConv.conv(geo, x, w, bias, yb32);
                CpuConv.conv(geo, x.to(DType.F64), w.to(DType.F64), bias64, yb64);
                CpuConv.conv(geo, x.to(DType.F64).abs(), w.to(DType.F64).abs(), bias64.abs(), ybAbs);
                assertWithin(yb64, yb32, ybAbs, (cin / groups) * kvol + 1, what + " forward with bias");

                Tensor dx32 = Tensor.zeros(xs), dx64 = Tensor.zeros(DType.F64, xs), dxAbs = Tensor.zeros(DType.F64, xs);
                CpuConv.backwardInput(geo, dy, w, dx32);
                CpuConv.backwardInput(geo, dy.to(DType.F64), w.to(DType.F64), dx64);
                CpuConv.backwardInput(geo, dy.to(DType.F64).abs(), w.to(DType.F64).abs(), dxAbs);
                assertWithin(dx64, dx32, dxAbs, (cout / groups) * kvol, what + " grad input");

                Tensor dw32 = Tensor.zeros(ws), dw64 = Tensor.zeros(DType.F64, ws), dwAbs = Tensor.zeros(DType.F64, ws);
                CpuConv.backwardWeight(geo, x, dy, dw32);
                CpuConv.backwardWeight(geo, x.to(DType.F64), dy.to(DType.F64), dw64);
                CpuConv.backwardWeight(geo, x.to(DType.F64).abs(), dy.to(DType.F64).abs(), dwAbs);
                assertWithin(dw64, dw32, dwAbs, n * ys[2] * ys[3] * ys[4], what + " grad weight");
            }
        }
    }

    @Test
    void biasDefaultOfTheInterfaceMatchesTheFusedKernel() {
        // what a backend without its own convBias runs: conv, then the bias added by Backend.binary
        Backend composite = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> m.getName().equals("convBias")
                        ? InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(CpuBackend.INSTANCE, args));
        Generator g = new Generator(8);
        ConvGeometry geo = new ConvGeometry(new int[] {1, 2, 1}, new int[] {0, 1, 1}, new int[] {1, 1, 2}, 1);
        Tensor x = Tensor.randn(g, 2, 3, 1, 9, 11), w = Tensor.randn(g, 5, 3, 1, 3, 3), bias = Tensor.randn(g, 5, 3).select(1, 2);
        int[] ys = {2, 5, 1, out(9, 3, 2, 1, 1), out(11, 3, 1, 1, 2)};
        Tensor fused = Tensor.zeros(ys), viaDefault = Tensor.zeros(ys);
        CpuBackend.INSTANCE.convBias(geo, x, w, bias, fused);
        composite.convBias(geo, x, w, bias, viaDefault);
        assertArrayEquals(viaDefault.toFloatArray(), fused.toFloatArray());
    }

    private static void assertWithin(Tensor expected, Tensor got, Tensor absSum, int k, String what) {
        double[] e = expected.toDoubleArray(), r = got.toDoubleArray(), a = absSum.toDoubleArray();
        double gamma = (k + 1) * U / (1 - (k + 1) * U);   // +1: the final rounding of the F32 result
        for (int i = 0; i < e.length; i++) {
            double tol = gamma * a[i] + Float.MIN_NORMAL;
            if (!(Math.abs(e[i] - r[i]) <= tol)) {
                fail(what + " [" + i + "]: f64 " + e[i] + " vs f32 " + r[i] + ", |diff| " + Math.abs(e[i] - r[i]) + " > " + tol + " (k=" + k + ")");
            }
        }
    }
}
