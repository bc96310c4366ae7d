package dev.reel.nn.amp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Flatten;
import dev.reel.nn.LSTM;
import dev.reel.nn.Linear;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.io.SafeTensors;
import dev.reel.nn.optim.SGD;
import dev.reel.nn.testing.LayerFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutocastTest {
    /** Conv2d(2, 3, 3, padding=1), ReLU, Flatten, Linear(75, 4): the fixture's model. */
    static Sequential model() {
        return new Sequential(new Conv2d(2, 3, 3, ConvOptions.of().padding(1)), new ReLU(), new Flatten(), new Linear(75, 4));
    }

    static void close(Tensor want, Tensor got, double rel, double abs, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        float[] w = want.toFloatArray(), g = got.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertTrue(Math.abs(w[i] - g[i]) <= abs + rel * Math.abs(w[i]), what + "[" + i + "]: " + g[i] + " vs " + w[i]);
        }
    }

    @Test
    void matchesTorchAutocastOnTheCpu() {
        SafeTensors.Contents c = SafeTensors.load(LayerFixture.folder("amp").resolve("autocast_bf16.safetensors"));
        Sequential m = model();
        Map<String, Tensor> state = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> { if (k.startsWith("state.")) state.put(k.substring(6), v); });
        m.loadStateDict(state);
        Tensor x = c.tensor("input");
        assertEquals("torch.bfloat16", c.metadata().get("out_dtype"));

        Tensor f32 = m.call(x);
        assertEquals(DType.F32, f32.dtype());
        close(c.tensor("out_f32"), f32, 1e-5, 1e-5, "F32 output");

        Tensor out;
        try (var ac = Autocast.bf16()) {
            assertTrue(Autocast.isEnabled());
            out = m.call(x);
        }
        assertFalse(Autocast.isEnabled());
        assertEquals(DType.BF16, out.dtype(), "linear under CPU autocast returns bfloat16, as PyTorch");
        // same BF16 roundings of inputs and weights as PyTorch; sums in another order may move
        // a result by one BF16 ulp
        close(c.tensor("out_autocast").to(DType.F32), out.to(DType.F32), 0x1p-7, 1e-3, "autocast vs PyTorch");
        close(c.tensor("out_f32"), out.to(DType.F32), 0x1p-6, 2e-2, "autocast vs F32");

        // backward flows into the F32 master weights: F32 gradients, as PyTorch's
        out.to(DType.F32).mul(c.tensor("gout")).sum().backward();
        m.namedParameters().forEach((name, p) -> {
            assertEquals(DType.F32, p.dtype(), name);
            assertEquals(DType.F32, p.grad().dtype(), name + " grad");
            close(c.tensor("grad." + name), p.grad(), 0x1p-6, 2e-2, "grad of " + name);
        });
    }

    @Test
    void theFloat32ListRunsInF32() {
        Tensor x = Tensor.randn(new Generator(1), 4, 6), w = Tensor.randn(new Generator(2), 5, 6);
        try (var ac = Autocast.bf16()) {
            Tensor y = F.linear(x, w, Tensor.zeros(5));
            assertEquals(DType.BF16, y.dtype());
            assertEquals(DType.BF16, x.matmul(w.t()).dtype());
            assertEquals(DType.BF16, y.relu().dtype(), "other ops keep their input type");
            assertEquals(DType.F32, y.softmax(-1).dtype());
            assertEquals(DType.F32, y.sum().dtype());
            assertEquals(DType.F32, y.mean(1, false).dtype());
            assertEquals(DType.F32, F.layerNorm(y, 5).dtype());
            assertEquals(DType.F32, F.crossEntropy(y, Tensor.fromArray(new long[] {0, 1, 2, 3}, 4)).dtype());
            assertEquals(DType.F32, F.mseLoss(y, Tensor.zeros(4, 5)).dtype());
            assertEquals(DType.F64, x.to(DType.F64).matmul(w.to(DType.F64).t()).dtype(), "F64 is never autocast");
            try (var off = Autocast.disabled()) {
                assertEquals(DType.F32, x.matmul(w.t()).dtype());
                assertNull(Autocast.dtype());
            }
            assertEquals(DType.BF16, Autocast.dtype());
            try (var h = Autocast.f16()) {
                assertEquals(DType.F16, x.matmul(w.t()).dtype());
            }
        }
        assertEquals(DType.F32, x.matmul(w.t()).dtype());
    }

    @Test
    void lstmGateGemmsRunInTheLowerTypeAndTheCellInF32() {
        LSTM lstm = new LSTM(3, 4);
        Tensor x = Tensor.randn(new Generator(3), 5, 2, 3);
        Tensor ref = lstm.forward(x).output();
        Tensor out;
        try (var ac = Autocast.bf16()) {
            out = lstm.forward(x).output();
        }
        assertEquals(DType.F32, out.dtype());
        close(ref, out, 0.02, 0.02, "LSTM under autocast vs F32");
        out.sum().backward();
        for (Tensor p : lstm.parameters()) assertEquals(DType.F32, p.grad().dtype());
        // a lower-type input (a CNN's features under autocast) starts a lower-type state; the cell lifts it
        try (var ac = Autocast.bf16()) {
            Tensor fromHalf = lstm.forward(x.to(DType.BF16)).output();
            assertEquals(DType.F32, fromHalf.dtype());
            close(ref, fromHalf, 0.03, 0.03, "LSTM on a BF16 input under autocast vs F32");
        }
    }

    @Test
    void trainsWithF32MasterWeights() {
        dev.reel.engine.Reel.manualSeed(5);
        Sequential m = model();
        Tensor x = Tensor.randn(new Generator(7), 16, 2, 5, 5);
        Tensor target = Tensor.randint(new Generator(8), 0, 4, 16);
        SGD opt = new SGD(m.parameters(), new SGD.Options().lr(0.1).momentum(0.9));
        double first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            opt.zeroGrad();
            Tensor loss;
            try (var ac = Autocast.bf16()) {
                loss = F.crossEntropy(m.call(x), target);
            }
            assertEquals(DType.F32, loss.dtype());
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        for (Tensor p : m.parameters()) assertEquals(DType.F32, p.dtype(), "the optimizer keeps F32 master weights");
        assertTrue(last < 0.5 * first, "loss fell from " + first + " to " + last);
    }

    @Test
    void rejectsATypeThatIsNotHalf() {
        assertThrows(IllegalArgumentException.class, () -> Autocast.enable(DType.F32));
        assertEquals(DType.BF16, Autocast.parse("bf16"));
        assertEquals(DType.F16, Autocast.parse("FP16"));
        var e = assertThrows(IllegalArgumentException.class, () -> Autocast.parse("int8"));
        assertTrue(e.getMessage().contains("int8"));
    }
}
