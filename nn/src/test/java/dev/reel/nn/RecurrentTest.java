package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import dev.reel.nn.testing.LayerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecurrentTest {
    static RNNBase build(JsonNode kw, String kind) {
        int in = kw.get("input_size").asInt(), h = kw.get("hidden_size").asInt(), layers = kw.path("num_layers").asInt(1);
        boolean bias = kw.path("bias").asBoolean(true), bf = kw.path("batch_first").asBoolean(false);
        boolean bi = kw.path("bidirectional").asBoolean(false);
        return switch (kind) {
            case "RNN" -> new RNN(in, h, layers, kw.path("nonlinearity").asText("tanh"), bias, bf, 0, bi);
            case "LSTM" -> new LSTM(in, h, layers, bias, bf, 0, bi);
            default -> new GRU(in, h, layers, bias, bf, 0, bi);
        };
    }

    static List<Tensor> outputs(RNNBase.Output o) {
        List<Tensor> out = new ArrayList<>(List.of(o.output(), o.h()));
        if (o.c() != null) out.add(o.c());
        return out;
    }

    static int[] lengths(JsonNode fkw) {
        if (!fkw.has("lengths")) return null;
        int[] l = new int[fkw.get("lengths").size()];
        for (int i = 0; i < l.length; i++) l[i] = fkw.get("lengths").get(i).asInt();
        return l;
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sequenceLayersMatchPyTorch(DType dtype) {
        Map<String, String> cases = Map.of("rnn_tanh_2layer_batch_first", "RNN", "rnn_relu_bidirectional", "RNN",
                "lstm_2layer_bidirectional", "LSTM", "lstm_seq_first", "LSTM", "lstm_packed_lengths", "LSTM",
                "gru_2layer", "GRU", "gru_bidirectional_batch_first", "GRU");
        cases.forEach((name, kind) -> {
            LayerFixture f = LayerFixture.load(name, dtype);
            int[] lengths = lengths(f.forwardKwargs);
            f.check(kw -> build(kw, kind), (m, in) -> {
                Tensor x = in.get("input");
                RNNBase.Output o = switch (kind) {
                    case "LSTM" -> ((LSTM) m).forward(x, lengths, in.get("hx.0"), in.get("hx.1"));
                    case "RNN" -> ((RNN) m).forward(x, lengths, in.get("hx"));
                    default -> ((GRU) m).forward(x, lengths, in.get("hx"));
                };
                return outputs(o);
            });
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void cellsMatchPyTorch(DType dtype) {
        LayerFixture.load("rnn_cell", dtype).check(kw -> new RNNCell(kw.get("input_size").asInt(), kw.get("hidden_size").asInt()),
                (m, in) -> List.of(((RNNCell) m).forward(in.get("input"), in.get("hx"))));
        LayerFixture.load("gru_cell", dtype).check(kw -> new GRUCell(kw.get("input_size").asInt(), kw.get("hidden_size").asInt()),
                (m, in) -> List.of(((GRUCell) m).forward(in.get("input"), in.get("hx"))));
        LayerFixture.load("lstm_cell", dtype).check(kw -> new LSTMCell(kw.get("input_size").asInt(), kw.get("hidden_size").asInt()),
                (m, in) -> {
                    LSTMCell.State s = ((LSTMCell) m).forward(in.get("input"), new LSTMCell.State(in.get("hx.0"), in.get("hx.1")));
                    return List.of(s.h(), s.c());
                });
    }

    @Test
    void packedSequenceGivesTheSameAsLengths() {
        var g = new Generator(5);
        LSTM lstm = new LSTM(3, 4, 2, true, true, 0, true);
        lstm.to(DType.F64);
        Tensor x = Tensor.randn(g, DType.F64, 3, 5, 3);
        int[] lengths = {2, 5, 3};
        RNNBase.Output a = lstm.forward(x, lengths, null, null);
        PackedSequence p = PackedSequence.pack(x, lengths, true, false);
        assertArrayEquals(new long[] {3, 3, 2, 1, 1}, p.batchSizes());
        assertArrayEquals(new long[] {1, 2, 0}, p.sortedIndices());
        assertArrayEquals(lengths, p.lengths());
        RNNBase.Output b = lstm.forward(p, null, null);
        assertTrue(a.output().allclose(b.output(), 0, 1e-14));
        assertTrue(a.h().allclose(b.h(), 0, 1e-14));
        assertTrue(b.packed().pad(true).data().allclose(a.output(), 0, 1e-14));
        // a sequence alone gives what it gives inside the batch
        RNNBase.Output alone = lstm.forward(x.narrow(0, 0, 1).narrow(1, 0, 2));
        assertTrue(alone.output().allclose(a.output().narrow(0, 0, 1).narrow(1, 0, 2), 0, 1e-12));
        assertTrue(alone.h().allclose(a.h().narrow(1, 0, 1), 0, 1e-12));
        assertEquals(0, a.output().narrow(0, 0, 1).narrow(1, 2, 3).abs().sum().item());
    }

    @Test
    void interLayerDropoutOnlyInTraining() {
        var lstm = new LSTM(3, 4, 2, true, false, 0.5, false);
        Tensor x = Tensor.randn(new Generator(9), 5, 2, 3);
        lstm.eval();
        assertTrue(lstm.forward(x).output().equal(lstm.forward(x).output()));
        lstm.train();
        assertTrue(!lstm.forward(x).output().allclose(lstm.forward(x).output()), "a new mask on every call in training");
        var single = new GRU(3, 4, 1, true, false, 0.5, false);
        assertTrue(single.forward(x).output().equal(single.forward(x).output()), "no dropout after the last layer");
    }

    @Test
    void unbatchedInput() {
        GRU gru = new GRU(3, 2);
        Tensor x = Tensor.randn(4, 3);
        RNNBase.Output o = gru.forward(x);
        assertArrayEquals(new int[] {4, 2}, o.output().shape());
        assertArrayEquals(new int[] {1, 2}, o.h().shape());
        assertTrue(o.output().allclose(gru.forward(x.unsqueeze(1)).output().squeeze(1)));
    }

    @Test
    void gradCheckOfWholeLayers() {
        var g = new Generator(6);
        for (RNNBase m : List.of(new RNN(2, 3, 2, "tanh", true, false, 0, true), new LSTM(2, 2, 1, true, true, 0, true),
                new GRU(2, 2, 2, false, false, 0, false))) {
            m.to(DType.F64);
            List<String> names = List.copyOf(m.namedParameters().keySet());
            Tensor[] all = new Tensor[names.size() + 1];
            all[0] = Tensor.randn(g, DType.F64, 3, 2, 2).requiresGrad_(true);
            for (int i = 0; i < names.size(); i++) all[i + 1] = m.namedParameters().get(names.get(i)).detach().clone().requiresGrad_(true);
            GradCheck.check(in -> {
                for (int i = 0; i < names.size(); i++) m.setParameter(names.get(i), in[i + 1]);
                RNNBase.Output o = m instanceof LSTM l ? l.forward(in[0], new int[] {2, 1, 2}, null, null)
                        : m instanceof RNN r ? r.forward(in[0], new int[] {3, 2}, null) : ((GRU) m).forward(in[0]);
                return Tensor.cat(0, o.output().reshape(-1), o.h().reshape(-1));
            }, all);
        }
        for (RNNCellBase c : List.of(new RNNCell(2, 3, true, "relu"), new GRUCell(2, 3, false))) {
            c.to(DType.F64);
            List<String> names = List.copyOf(c.namedParameters().keySet());
            Tensor[] all = new Tensor[names.size() + 2];
            all[0] = Tensor.randn(g, DType.F64, 2, 2).requiresGrad_(true);
            all[1] = Tensor.randn(g, DType.F64, 2, 3).requiresGrad_(true);
            for (int i = 0; i < names.size(); i++) all[i + 2] = c.namedParameters().get(names.get(i)).detach().clone().requiresGrad_(true);
            GradCheck.check(in -> {
                for (int i = 0; i < names.size(); i++) c.setParameter(names.get(i), in[i + 2]);
                return c instanceof RNNCell r ? r.forward(in[0], in[1]) : ((GRUCell) c).forward(in[0], in[1]);
            }, all);
        }
        LSTMCell cell = new LSTMCell(2, 3);
        cell.to(DType.F64);
        GradCheck.check(in -> {
            LSTMCell.State s = cell.forward(in[0], new LSTMCell.State(in[1], in[2]));
            return Tensor.cat(0, s.h().reshape(-1), s.c().reshape(-1));
        }, Tensor.randn(g, DType.F64, 2, 2).requiresGrad_(true), Tensor.randn(g, DType.F64, 2, 3).requiresGrad_(true),
                Tensor.randn(g, DType.F64, 2, 3).requiresGrad_(true));
    }

    @Test
    void parameterNamesAndErrors() {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0, true);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(lstm.stateDict().keySet()));
        assertArrayEquals(new int[] {16, 8}, lstm.param("weight_ih_l1").shape());
        assertEquals("LSTM(3, 4, num_layers=2, bidirectional=True)", lstm.toString().lines().findFirst().orElseThrow().split("  #")[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 4)));
        assertTrue(e.getMessage().startsWith("LSTM: expected input of shape (T, N, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(4, 3, 4), null));
        assertThrows(IllegalArgumentException.class, () -> PackedSequence.pack(Tensor.zeros(3, 2, 1), new int[] {4, 1}, false, false));
        assertThrows(IllegalArgumentException.class, () -> PackedSequence.pack(Tensor.zeros(3, 2, 1), new int[] {1, 3}, false, true));
    }
}
