package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TimeDistributed, positional encodings and ConvLSTM2d. */
class SequenceLayersTest {
    private final Generator g = new Generator(21);

    @Test
    void timeDistributedAppliesTheLayerPerFrame() {
        var conv = new Conv2d(2, 3, 3, ConvOptions.of().padding(1));
        var td = new TimeDistributed(new Sequential(conv, new AdaptiveAvgPool2d(1), new Flatten()));
        Tensor x = Tensor.randn(g, 2, 4, 2, 5, 5);
        Tensor y = td.call(x);
        assertArrayEquals(new int[] {2, 4, 3}, y.shape());
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                Tensor alone = td.module().call(x.select(0, b).select(0, t).unsqueeze(0)).squeeze(0);
                assertTrue(alone.allclose(y.select(0, b).select(0, t), 1e-5, 1e-6));
            }
        }
        assertEquals(List.of("module.0.weight", "module.0.bias"), List.copyOf(td.stateDict().keySet()));
        LinearAndActivationsTest.gradCheckLayer(new TimeDistributed(new Linear(3, 2)), Tensor.randn(g, DType.F64, 2, 3, 3).requiresGrad_(true));
        assertThrows(IllegalArgumentException.class, () -> td.call(Tensor.zeros(2, 3)));
    }

    @Test
    void sinusoidalTableByHand() {
        var pe = new SinusoidalPositionalEncoding(4, 10, true);
        Tensor t = pe.table(3);
        assertEquals(Math.sin(2), t.toDoubleArray()[8], 1e-6);                       // pe[2, 0]
        assertEquals(Math.cos(2 / 100.0), t.toDoubleArray()[11], 1e-6);              // pe[2, 3]: 10000^(2/4) = 100
        assertTrue(pe.stateDict().isEmpty(), "the table is computed, not saved");
        Tensor x = Tensor.zeros(2, 3, 4);
        assertTrue(pe.call(x).select(0, 1).allclose(t));
        var seqFirst = new SinusoidalPositionalEncoding(4, 10, false);
        assertTrue(seqFirst.call(Tensor.zeros(3, 2, 4)).select(1, 0).allclose(t));
        assertThrows(IllegalArgumentException.class, () -> pe.call(Tensor.zeros(1, 11, 4)));
    }

    @Test
    void learnedPositionalEncoding() {
        var pe = new LearnedPositionalEncoding(8, 4, true);
        assertEquals(List.of("weight"), List.copyOf(pe.stateDict().keySet()));
        LinearAndActivationsTest.gradCheckLayer(pe, Tensor.randn(g, DType.F64, 2, 5, 4).requiresGrad_(true));
    }

    @Test
    void convLstmWithOneByOneKernelsIsAnLstm() {
        // with 1x1 kernels on 1x1 frames, ConvLSTM2d computes exactly an LSTM (same gate order i, f, g, o)
        var conv = new ConvLSTM2d(3, 4, new int[] {1, 1}, 1, "valid", true, "tanh", "sigmoid", true, false);
        var lstm = new LSTM(3, 4, 1, true, true, 0, false);
        conv.to(DType.F64);
        lstm.to(DType.F64);
        lstm.setParameter("weight_ih_l0", conv.param("weight_ih").reshape(16, 3).detach().clone());
        lstm.setParameter("weight_hh_l0", conv.param("weight_hh").reshape(16, 4).detach().clone());
        lstm.setParameter("bias_ih_l0", conv.param("bias").detach().clone());
        lstm.setParameter("bias_hh_l0", Tensor.zeros(DType.F64, 16));
        Tensor x = Tensor.randn(g, DType.F64, 2, 5, 3);
        ConvLSTM2d.Output o = conv.forward(x.reshape(2, 5, 3, 1, 1), null);
        RNNBase.Output r = lstm.forward(x);
        assertTrue(o.output().reshape(2, 5, 4).allclose(r.output(), 1e-12, 1e-12));
        assertTrue(o.c().reshape(2, 4).allclose(r.c().squeeze(0), 1e-12, 1e-12));
    }

    @Test
    void convLstmShapesInitAndGradCheck() {
        var conv = new ConvLSTM2d(2, 3, 3, 1, "same", false);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, conv.param("bias").toFloatArray(), "unit forget bias");
        ConvLSTM2d.Output o = conv.forward(Tensor.randn(g, 2, 4, 2, 6, 5), null);
        assertArrayEquals(new int[] {2, 3, 6, 5}, o.output().shape());
        var valid = new ConvLSTM2d(2, 3, new int[] {3, 2}, 2, "valid", true, "relu", "hard_sigmoid", true, true);
        assertArrayEquals(new int[] {2, 4, 3, 2, 2}, valid.forward(Tensor.randn(g, 2, 4, 2, 6, 5), null).output().shape());
        assertThrows(IllegalArgumentException.class, () -> new ConvLSTM2d(2, 3, 3, 2, "same", false));

        var small = new ConvLSTM2d(1, 2, 2, 1, "same", true);
        small.to(DType.F64);
        List<String> names = List.copyOf(small.namedParameters().keySet());
        Tensor[] all = new Tensor[names.size() + 1];
        all[0] = Tensor.randn(g, DType.F64, 1, 3, 1, 3, 3).requiresGrad_(true);
        for (int i = 0; i < names.size(); i++) all[i + 1] = small.namedParameters().get(names.get(i)).detach().clone().requiresGrad_(true);
        GradCheck.check(in -> {
            for (int i = 0; i < names.size(); i++) small.setParameter(names.get(i), in[i + 1]);
            return small.forward(in[0], null).output();
        }, all);
    }
}
