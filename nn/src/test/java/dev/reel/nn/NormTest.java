package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.nn.testing.LayerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NormTest {
    static Layer batchNorm(String module, JsonNode kw) {
        int n = kw.get("num_features").asInt();
        double eps = kw.path("eps").asDouble(1e-5);
        double momentum = kw.has("momentum") ? (kw.get("momentum").isNull() ? Double.NaN : kw.get("momentum").asDouble()) : 0.1;
        boolean affine = kw.path("affine").asBoolean(true), track = kw.path("track_running_stats").asBoolean(true);
        return switch (module) {
            case "torch.nn.BatchNorm1d" -> new BatchNorm1d(n, eps, momentum, affine, track);
            case "torch.nn.BatchNorm2d" -> new BatchNorm2d(n, eps, momentum, affine, track);
            default -> new BatchNorm3d(n, eps, momentum, affine, track);
        };
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void batchNormMatchesPyTorchIncludingRunningStats(DType dtype) {
        for (String c : List.of("batch_norm1d_train", "batch_norm1d_train_3d_input", "batch_norm2d_train", "batch_norm2d_cumulative",
                "batch_norm3d_eval", "batch_norm2d_no_affine_no_stats")) {
            LayerFixture f = LayerFixture.load(c, dtype);
            f.check(kw -> batchNorm(f.contents.metadata().get("module"), kw), (m, in) -> List.of(((Layer) m).call(in.get("input"))));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void layerAndGroupNormMatchPyTorch(DType dtype) {
        for (String c : List.of("layer_norm", "layer_norm_2d_no_affine")) {
            LayerFixture.load(c, dtype).check(kw -> new LayerNorm(ConvPoolTest.ints(kw.get("normalized_shape"), 0), kw.path("eps").asDouble(1e-5),
                    kw.path("elementwise_affine").asBoolean(true), true), (m, in) -> List.of(((Layer) m).call(in.get("input"))));
        }
        LayerFixture.load("group_norm", dtype).check(kw -> new GroupNorm(kw.get("num_groups").asInt(), kw.get("num_channels").asInt()),
                (m, in) -> List.of(((Layer) m).call(in.get("input"))));
    }

    @Test
    void batchNormBuffersAndModes() {
        var bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertEquals(DType.I64, bn.buffer("num_batches_tracked").dtype());
        Tensor x = Tensor.randn(new Generator(1), 4, 3, 2, 2).mul(3).add(1);
        bn.call(x);
        bn.call(x);
        assertEquals(2, bn.buffer("num_batches_tracked").itemLong());
        bn.to(DType.F64);
        assertEquals(DType.I64, bn.buffer("num_batches_tracked").dtype(), "integer buffers keep their dtype");
        bn.eval();
        Tensor before = bn.buffer("running_mean").clone();
        bn.call(x.toDouble());
        assertTrue(before.equal(bn.buffer("running_mean")), "evaluation does not update the running statistics");
        bn.resetRunningStats();
        assertEquals(0, bn.buffer("num_batches_tracked").itemLong());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.call(Tensor.zeros(DType.F64, 2, 3)));
        assertTrue(e.getMessage().startsWith("BatchNorm2d: expected 4D input, got 2D input"), e.getMessage());
        assertEquals("BatchNorm2d(3, eps=1.0E-5, momentum=0.1, affine=True, track_running_stats=True)",
                bn.toString().lines().findFirst().orElseThrow().split("  #")[0]);
    }

    @Test
    void gradCheckOfNormLayers() {
        var g = new Generator(2);
        var bn = new BatchNorm1d(3);
        LinearAndActivationsTest.gradCheckLayer(bn, Tensor.randn(g, DType.F64, 4, 3, 2).requiresGrad_(true));
        var bnEval = new BatchNorm2d(2);
        bnEval.eval();
        LinearAndActivationsTest.gradCheckLayer(bnEval, Tensor.randn(g, DType.F64, 2, 2, 2, 2).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new LayerNorm(3, 2), Tensor.randn(g, DType.F64, 2, 3, 2).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new GroupNorm(2, 4), Tensor.randn(g, DType.F64, 2, 4, 3).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new Softmax(1), Tensor.randn(g, DType.F64, 2, 4).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new LogSoftmax(0), Tensor.randn(g, DType.F64, 3, 2).requiresGrad_(true));
        assertArrayEquals(new double[] {1, 1}, new Softmax(1).call(Tensor.randn(g, DType.F64, 2, 5)).sum(1).toDoubleArray(), 1e-12);
    }
}
