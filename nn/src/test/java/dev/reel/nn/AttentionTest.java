package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttentionTest {
    static MultiheadAttention mha(JsonNode kw) {
        return new MultiheadAttention(kw.get("embed_dim").asInt(), kw.get("num_heads").asInt(), kw.path("dropout").asDouble(0),
                kw.path("bias").asBoolean(true), kw.path("batch_first").asBoolean(false), kw.path("kdim").asInt(0), kw.path("vdim").asInt(0));
    }

    static TransformerEncoderLayer layer(JsonNode kw) {
        return new TransformerEncoderLayer(kw.get("d_model").asInt(), kw.get("nhead").asInt(), kw.path("dim_feedforward").asInt(2048),
                kw.path("dropout").asDouble(0.1), kw.path("activation").asText("relu"), kw.path("layer_norm_eps").asDouble(1e-5),
                kw.path("batch_first").asBoolean(false), kw.path("norm_first").asBoolean(false));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void multiheadAttentionMatchesPyTorch(DType dtype) {
        for (String c : List.of("mha_self_key_padding", "mha_causal_per_head", "mha_kdim_vdim_no_bias")) {
            LayerFixture f = LayerFixture.load(c, dtype);
            f.check(AttentionTest::mha, (m, in) -> {
                AttentionOptions o = AttentionOptions.of().keyPaddingMask(in.get("key_padding_mask")).attnMask(in.get("attn_mask"))
                        .needWeights(f.forwardKwargs.path("need_weights").asBoolean(true))
                        .averageAttnWeights(f.forwardKwargs.path("average_attn_weights").asBoolean(true));
                MultiheadAttention.Output out = ((MultiheadAttention) m).forward(in.get("query"), in.get("key"), in.get("value"), o);
                List<Tensor> r = new ArrayList<>(List.of(out.output()));
                if (out.weights() != null) r.add(out.weights());
                return r;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void transformerEncoderMatchesPyTorch(DType dtype) {
        for (String c : List.of("transformer_encoder_layer", "transformer_encoder_layer_norm_first_gelu",
                "transformer_encoder_layer_causal_seq_first")) {
            LayerFixture.load(c, dtype).check(AttentionTest::layer,
                    (m, in) -> List.of(((TransformerEncoderLayer) m).forward(in.get("src"), in.get("src_mask"), in.get("src_key_padding_mask"), false)));
        }
        LayerFixture.load("transformer_encoder_2layers_norm", dtype).check(kw -> new TransformerEncoder(() -> layer(kw.get("encoder_layer")),
                kw.get("num_layers").asInt(), new LayerNorm(kw.get("norm").get("normalized_shape").get(0).asInt())),
                (m, in) -> List.of(((TransformerEncoder) m).forward(in.get("src"), in.get("mask"), null, false)));
    }

    static TransformerDecoderLayer decoderLayer(JsonNode kw) {
        return new TransformerDecoderLayer(kw.get("d_model").asInt(), kw.get("nhead").asInt(), kw.path("dim_feedforward").asInt(2048),
                kw.path("dropout").asDouble(0.1), kw.path("activation").asText("relu"), kw.path("layer_norm_eps").asDouble(1e-5),
                kw.path("batch_first").asBoolean(false), kw.path("norm_first").asBoolean(false));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void transformerDecoderMatchesPyTorch(DType dtype) {
        for (String c : List.of("transformer_decoder_layer", "transformer_decoder_layer_norm_first_gelu_seq_first")) {
            LayerFixture.load(c, dtype).check(AttentionTest::decoderLayer,
                    (m, in) -> List.of(((TransformerDecoderLayer) m).forward(in.get("tgt"), in.get("memory"), in.get("tgt_mask"),
                            in.get("memory_mask"), in.get("tgt_key_padding_mask"), in.get("memory_key_padding_mask"))));
        }
        LayerFixture.load("transformer_decoder_2layers_norm", dtype).check(kw -> new TransformerDecoder(() -> decoderLayer(kw.get("decoder_layer")),
                kw.get("num_layers").asInt(), new LayerNorm(kw.get("norm").get("normalized_shape").get(0).asInt())),
                (m, in) -> List.of(((TransformerDecoder) m).forward(in.get("tgt"), in.get("memory"), in.get("tgt_mask"), null, null, null)));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void transformerMatchesPyTorch(DType dtype) {
        LayerFixture.load("transformer", dtype).check(kw -> new Transformer(kw.get("d_model").asInt(), kw.get("nhead").asInt(),
                        kw.get("num_encoder_layers").asInt(), kw.get("num_decoder_layers").asInt(), kw.get("dim_feedforward").asInt(),
                        kw.get("dropout").asDouble(), "relu", 1e-5, kw.get("batch_first").asBoolean(), false),
                (m, in) -> List.of(((Transformer) m).forward(in.get("src"), in.get("tgt"), null, in.get("tgt_mask"), null,
                        in.get("src_key_padding_mask"), null, in.get("memory_key_padding_mask"))));
    }

    @Test
    void transformerNamesMaskInitAndErrors() {
        var t = new Transformer(8, 2, 2, 1, 12, 0.0, "relu", 1e-5, true, false);
        var keys = List.copyOf(t.stateDict().keySet());
        assertTrue(keys.contains("encoder.layers.1.self_attn.in_proj_weight"), keys.toString());
        assertTrue(keys.contains("decoder.layers.0.multihead_attn.out_proj.weight"), keys.toString());
        assertTrue(keys.contains("decoder.layers.0.norm3.bias") && keys.contains("encoder.norm.weight") && keys.contains("decoder.norm.weight"));
        // Xavier re-initialisation: the cloned encoder layers no longer start equal, biases untouched
        assertFalse(t.stateDict().get("encoder.layers.0.linear1.weight").equal(t.stateDict().get("encoder.layers.1.linear1.weight")));
        assertEquals(0, t.stateDict().get("decoder.layers.0.self_attn.in_proj_bias").abs().sum().item());
        double bound = Math.sqrt(6.0 / (8 + 12));
        assertTrue(t.stateDict().get("encoder.layers.0.linear1.weight").abs().max().item() <= bound);

        Tensor mask = Transformer.generateSquareSubsequentMask(3);
        assertArrayEquals(new double[] {0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0, Double.NEGATIVE_INFINITY, 0, 0, 0},
                mask.toDoubleArray());
        Tensor src = Tensor.randn(new Generator(1), 2, 5, 8), tgt = Tensor.randn(new Generator(2), 2, 3, 8);
        assertArrayEquals(new int[] {2, 3, 8}, t.forward(src, tgt).shape());
        // the decoder's causal mask: changing a later target position leaves earlier outputs alone
        Tensor y1 = t.forward(src, tgt, null, mask, null, null, null, null);
        Tensor tgt2 = tgt.clone();
        tgt2.select(1, 2).fill_(5);
        Tensor y2 = t.forward(src, tgt2, null, mask, null, null, null, null);
        assertTrue(y1.narrow(1, 0, 2).allclose(y2.narrow(1, 0, 2)));
        assertFalse(y1.select(1, 2).allclose(y2.select(1, 2)));

        var e = assertThrows(IllegalArgumentException.class, () -> t.forward(src, Tensor.zeros(3, 3, 8)));
        assertTrue(e.getMessage().contains("batch number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(src, Tensor.zeros(2, 3, 6)));
        assertTrue(e.getMessage().contains("d_model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.decoder().forward(tgt));
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerDecoderLayer(8, 2, 16, 0, "tanh", 1e-5, true, false));
    }

    @Test
    void causalFlagEqualsAnExplicitMask() {
        var g = new Generator(3);
        var m = new MultiheadAttention(6, 2, 0, true, true, 0, 0);
        Tensor x = Tensor.randn(g, 2, 4, 6);
        Tensor mask = Tensor.full(Double.NEGATIVE_INFINITY, 4, 4).triu(1);
        var a = m.forward(x, x, x, AttentionOptions.of().isCausal(true));
        var b = m.forward(x, x, x, AttentionOptions.of().attnMask(mask));
        var c = m.forward(x, x, x, AttentionOptions.of().attnMask(mask.isFinite().logicalNot()));
        assertTrue(a.output().allclose(b.output()) && b.output().allclose(c.output()));
        assertEquals(0, a.weights().narrow(1, 0, 1).narrow(2, 1, 3).abs().sum().item(), "no attention to later positions");
        assertArrayEquals(new int[] {4, 6}, m.forward(x.select(0, 0), x.select(0, 0), x.select(0, 0)).output().shape(), "unbatched");
    }

    @Test
    void namesInitAndErrors() {
        var m = new MultiheadAttention(8, 2);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(0, m.param("in_proj_bias").abs().sum().item());
        var kv = new MultiheadAttention(6, 3, 0, false, false, 4, 5);
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "out_proj.weight"), List.copyOf(kv.stateDict().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(7, 2));
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 2, 8), Tensor.zeros(3, 2, 8), Tensor.zeros(3, 2, 8),
                AttentionOptions.of().keyPaddingMask(Tensor.zeros(2, 4))));
        var enc = new TransformerEncoder(() -> new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, true, false), 2, null);
        assertTrue(enc.stateDict().get("layers.0.linear1.weight").equal(enc.stateDict().get("layers.1.linear1.weight")),
                "layers start as copies, as PyTorch's deepcopy");
        assertTrue(enc.stateDict().containsKey("layers.1.self_attn.out_proj.bias"));
    }

    @Test
    void gradCheckOfAttentionLayers() {
        var g = new Generator(4);
        var m = new MultiheadAttention(4, 2, 0, true, true, 0, 0);
        m.to(DType.F64);
        List<String> names = List.copyOf(m.namedParameters().keySet());
        Tensor[] all = new Tensor[names.size() + 1];
        all[0] = Tensor.randn(g, DType.F64, 1, 3, 4).requiresGrad_(true);
        for (int i = 0; i < names.size(); i++) all[i + 1] = m.namedParameters().get(names.get(i)).detach().clone().requiresGrad_(true);
        Tensor pad = Tensor.fromArray(new boolean[] {false, false, true}, 1, 3);
        GradCheck.check(in -> {
            for (int i = 0; i < names.size(); i++) m.setParameter(names.get(i), in[i + 1]);
            return m.forward(in[0], in[0], in[0], AttentionOptions.of().keyPaddingMask(pad)).output();
        }, all);
        var layer = new TransformerEncoderLayer(4, 2, 6, 0, "gelu", 1e-5, true, true);
        LinearAndActivationsTest.gradCheckLayer(layer, Tensor.randn(g, DType.F64, 1, 3, 4).requiresGrad_(true));

        // the decoder layer as a whole: target, memory and every parameter, with a causal target mask
        var dec = new TransformerDecoderLayer(4, 2, 6, 0, "relu", 1e-5, true, false);
        dec.to(DType.F64);
        List<String> decNames = List.copyOf(dec.namedParameters().keySet());
        Tensor[] decAll = new Tensor[decNames.size() + 2];
        decAll[0] = Tensor.randn(g, DType.F64, 1, 3, 4).requiresGrad_(true);
        decAll[1] = Tensor.randn(g, DType.F64, 1, 2, 4).requiresGrad_(true);
        for (int i = 0; i < decNames.size(); i++) decAll[i + 2] = dec.namedParameters().get(decNames.get(i)).detach().clone().requiresGrad_(true);
        Tensor causal = Transformer.generateSquareSubsequentMask(3).to(DType.F64);
        GradCheck.check(in -> {
            for (int i = 0; i < decNames.size(); i++) dec.setParameter(decNames.get(i), in[i + 2]);
            return dec.forward(in[0], in[1], causal, null, null, null);
        }, decAll);
    }

    /**
     * Self-attention with one tensor as query, key and value takes the packed path (one projection
     * GEMM, heads as views); three equal but distinct tensors take three projections. Both give the
     * same output and gradients, batch first, time first and unbatched, on the fused F32 kernel.
     */
    @Test
    void packedSelfAttentionEqualsThreeProjections() {
        for (int layout = 0; layout < 3; layout++) {
            boolean batchFirst = layout == 0, unbatched = layout == 2;
            var m = new MultiheadAttention(64, 2, 0, true, batchFirst, 0, 0);
            Generator g = new Generator(11 + layout);
            int[] shape = unbatched ? new int[] {5, 64} : new int[] {3, 5, 64};
            Tensor x = Tensor.randn(g, DType.F32, shape), dOut = Tensor.randn(g, DType.F32, shape);
            Tensor pad = unbatched ? null : Tensor.fromArray(new boolean[] {false, false, false, true, false, false, false, false, false,
                    false, false, false, false, false, true}, batchFirst ? new int[] {3, 5} : new int[] {5, 3});
            AttentionOptions o = AttentionOptions.of().needWeights(false).keyPaddingMask(pad);
            double[][] results = new double[2][];
            double[][] grads = new double[2][];
            double[][] weightGrads = new double[2][];
            for (int packed = 0; packed < 2; packed++) {
                m.zeroGrad();
                Tensor in = x.detach().clone().requiresGrad_(true);
                Tensor out = packed == 1 ? m.forward(in, in, in, o).output() : m.forward(in, in.mul(1.0), in.mul(1.0), o).output();
                out.backward(dOut);
                results[packed] = out.toDoubleArray();
                grads[packed] = in.grad().toDoubleArray();
                weightGrads[packed] = m.param("in_proj_weight").grad().toDoubleArray();
            }
            assertArrayEquals(results[0], results[1], 1e-5, "output, layout " + layout);
            assertArrayEquals(grads[0], grads[1], 1e-4, "input gradient, layout " + layout);
            assertArrayEquals(weightGrads[0], weightGrads[1], 1e-4, "in_proj_weight gradient, layout " + layout);
        }
    }

    @Test
    void dropoutIsOffInEval() {
        var layer = new TransformerEncoderLayer(8, 2, 16, 0.5, "relu", 1e-5, true, false);
        Tensor x = Tensor.randn(new Generator(5), 2, 3, 8);
        layer.eval();
        assertTrue(layer.call(x).equal(layer.call(x)));
        layer.train();
        assertTrue(!layer.call(x).allclose(layer.call(x)), "dropout draws a new mask each call in training");
    }
}
