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

class ConvPoolTest {
    static int[] ints(JsonNode n, int dflt) {
        if (n.isMissingNode()) return new int[] {dflt};
        if (!n.isArray()) return new int[] {n.asInt()};
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asInt();
        return out;
    }

    static ConvOptions options(JsonNode kw) {
        ConvOptions o = ConvOptions.of().stride(ints(kw.path("stride"), 1)).dilation(ints(kw.path("dilation"), 1))
                .groups(kw.path("groups").asInt(1)).bias(kw.path("bias").asBoolean(true))
                .outputPadding(ints(kw.path("output_padding"), 0));
        if (kw.path("padding").isTextual()) o.padding(kw.get("padding").asText());
        else o.padding(ints(kw.path("padding"), 0));
        if (kw.has("padding_mode")) o.paddingMode(kw.get("padding_mode").asText());
        return o;
    }

    static Layer conv(String module, JsonNode kw) {
        int in = kw.get("in_channels").asInt(), out = kw.get("out_channels").asInt();
        int[] k = ints(kw.get("kernel_size"), 0);
        ConvOptions o = options(kw);
        return switch (module) {
            case "torch.nn.Conv1d" -> new Conv1d(in, out, k, o);
            case "torch.nn.Conv2d" -> new Conv2d(in, out, k, o);
            case "torch.nn.Conv3d" -> new Conv3d(in, out, k, o);
            case "torch.nn.ConvTranspose1d" -> new ConvTranspose1d(in, out, k, o);
            case "torch.nn.ConvTranspose2d" -> new ConvTranspose2d(in, out, k, o);
            default -> new ConvTranspose3d(in, out, k, o);
        };
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void convolutionsMatchPyTorch(DType dtype) {
        for (String c : List.of("conv1d", "conv2d_groups_dilation", "conv2d_reflect", "conv2d_circular_same", "conv3d_same",
                "conv3d_replicate", "conv_transpose1d", "conv_transpose2d_groups",
                "conv_transpose3d")) {
            LayerFixture f = LayerFixture.load(c, dtype);
            f.check(kw -> conv(f.contents.metadata().get("module"), kw), (m, in) -> List.of(((Layer) m).call(in.get("input"))));
        }
    }

    @Test
    void gradCheckOfConvolutionLayers() {
        var g = new Generator(3);
        LinearAndActivationsTest.gradCheckLayer(new Conv1d(2, 3, 3, ConvOptions.of().stride(2).padding(1)),
                Tensor.randn(g, DType.F64, 2, 2, 5).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new Conv2d(4, 2, new int[] {2, 3}, ConvOptions.of().groups(2).dilation(1, 2).padding("same")),
                Tensor.randn(g, DType.F64, 1, 4, 4, 5).requiresGrad_(true));
        for (String mode : List.of("reflect", "replicate", "circular")) {
            LinearAndActivationsTest.gradCheckLayer(new Conv2d(2, 2, 3, ConvOptions.of().padding(1).paddingMode(mode)),
                    Tensor.randn(g, DType.F64, 1, 2, 3, 4).requiresGrad_(true));
        }
        LinearAndActivationsTest.gradCheckLayer(new Conv3d(1, 2, 2, ConvOptions.of().bias(false)),
                Tensor.randn(g, DType.F64, 1, 1, 3, 3, 3).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new ConvTranspose2d(2, 2, 3, ConvOptions.of().stride(2).padding(1).outputPadding(1)),
                Tensor.randn(g, DType.F64, 1, 2, 2, 3).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new ConvTranspose3d(2, 1, 2, ConvOptions.of().stride(1, 2, 2)),
                Tensor.randn(g, DType.F64, 1, 2, 2, 2, 2).requiresGrad_(true));
        LinearAndActivationsTest.gradCheckLayer(new ConvTranspose1d(2, 4, 3, ConvOptions.of().groups(2).dilation(2)),
                Tensor.randn(g, DType.F64, 2, 2, 4).requiresGrad_(true));
    }

    @Test
    void convolutionInitAndNames() {
        var c = new Conv2d(4, 8, 3, ConvOptions.of().groups(2));
        assertArrayEquals(new int[] {8, 2, 3, 3}, c.weight().shape());
        double bound = 1 / Math.sqrt(2 * 9);
        assertTrue(c.weight().abs().max().item() <= bound && c.bias().abs().max().item() <= bound);
        assertEquals("Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), groups=2)", c.toString().lines().findFirst().orElseThrow().split("  #")[0]);
        var t = new ConvTranspose2d(4, 6, 2, ConvOptions.of().stride(2).groups(2).bias(false));
        assertArrayEquals(new int[] {4, 3, 2, 2}, t.weight().shape());
        assertEquals(List.of("weight"), List.copyOf(t.stateDict().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, ConvOptions.of().groups(2)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, ConvOptions.of().stride(2).padding("same")));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[] {3, 3, 3}, ConvOptions.of()));
    }

    @Test
    void poolsGradCheckAndShapes() {
        var g = new Generator(4);
        Tensor x2 = Tensor.randn(g, DType.F64, 1, 2, 5, 5).requiresGrad_(true);
        for (Layer l : List.of(new MaxPool2d(3, 2, 1), new AvgPool2d(2), new AdaptiveAvgPool2d(2, 3), new AdaptiveMaxPool2d(2),
                new AvgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true, false, 0))) {
            LinearAndActivationsTest.gradCheckLayer(l, x2);
        }
        Tensor x1 = Tensor.randn(g, DType.F64, 2, 3, 7).requiresGrad_(true);
        for (Layer l : List.of(new MaxPool1d(2), new AvgPool1d(3, 2, 1), new AdaptiveAvgPool1d(3), new AdaptiveMaxPool1d(2))) {
            LinearAndActivationsTest.gradCheckLayer(l, x1);
        }
        Tensor x3 = Tensor.randn(g, DType.F64, 1, 1, 4, 4, 4).requiresGrad_(true);
        for (Layer l : List.of(new MaxPool3d(2), new AvgPool3d(2, 2, 1), new AdaptiveAvgPool3d(1, 2, 2), new AdaptiveMaxPool3d(2))) {
            LinearAndActivationsTest.gradCheckLayer(l, x3);
        }
        assertArrayEquals(new int[] {1, 2, 3, 5}, new AdaptiveAvgPool2d(3, -1).call(x2).shape());
        assertArrayEquals(new int[] {1, 2, 2, 2}, new MaxPool2d(new int[] {2}, null, new int[] {0}, new int[] {1}, false).call(x2).shape());
        assertArrayEquals(new int[] {1, 2, 3, 3}, new MaxPool2d(new int[] {2}, null, new int[] {0}, new int[] {1}, true).call(x2).shape());
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)", new MaxPool2d(3, 2, 1).toString()
                .lines().findFirst().orElseThrow());
        var withIdx = new MaxPool1d(2).forwardWithIndices(Tensor.fromArray(new double[] {1, 5, 3, 2}).reshape(1, 1, 4));
        assertArrayEquals(new long[] {1, 2}, withIdx.indices().toLongArray());
    }
}
