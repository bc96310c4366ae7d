package dev.reel.engine.half;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.engine.testing.Fixture;
import dev.reel.engine.testing.FixtureTensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A few ops in bfloat16 against PyTorch's CPU results (fixtures/half/ops_bf16.safetensors). */
class HalfParityTest {
    static Tensor bf16(FixtureTensor f) {
        double[] d = f.doubles();
        float[] v = new float[d.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) d[i]; // exact: BF16 values are F32 values
        return Tensor.fromArray(v, f.shape()).to(DType.BF16);
    }

    @Test
    void opsMatchPyTorchInBFloat16() {
        Fixture f = Fixture.load(HalfRoundingTest.fixture("ops_bf16.safetensors"));
        Map<String, Tensor> in = Map.of("a", bf16(f.tensor("a")), "b", bf16(f.tensor("b")), "m", bf16(f.tensor("m")),
                "x", bf16(f.tensor("x")), "w", bf16(f.tensor("w")));
        Map<String, Function<Map<String, Tensor>, Tensor>> ops = Map.of(
                "add", t -> t.get("a").add(t.get("b")),
                "mul", t -> t.get("a").mul(t.get("b")),
                "exp", t -> t.get("a").exp(),
                "matmul", t -> t.get("a").matmul(t.get("m")),
                "softmax", t -> t.get("a").softmax(-1),
                "sum", t -> t.get("a").sum(1, false),
                "conv2d", t -> F.conv2d(t.get("x"), t.get("w"), null, 1, 1));
        for (var e : ops.entrySet()) {
            Tensor got = e.getValue().apply(in);
            FixtureTensor want = f.tensor(e.getKey());
            assertEquals(DType.BF16, got.dtype(), e.getKey());
            assertArrayEquals(want.shape(), got.shape(), e.getKey());
            float[] g = got.toFloatArray();
            double[] w = want.doubles();
            for (int i = 0; i < g.length; i++) {
                // one BF16 ulp: PyTorch's GEMM and conv may sum in another order before rounding
                double tol = 0x1p-7 * Math.max(Math.abs(w[i]), 1e-2);
                assertTrue(Math.abs(g[i] - w[i]) <= tol, e.getKey() + "[" + i + "]: " + g[i] + " vs PyTorch " + w[i]);
            }
        }
    }
}
