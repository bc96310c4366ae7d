package dev.reel.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.nn.io.SafeTensors;
import dev.reel.nn.testing.LayerFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The zoo against torchvision: each fixture of tools/fixtures/make_zoo_fixtures.py lists
 * torchvision's state dict (names and shapes); the test fills those entries with the script's
 * formula, loads them strictly (so every name and shape must match torchvision's) and compares the
 * logits of the stored input.
 */
class ZooParityTest {
    /**
     * Tolerance on max|reel - torch| / max|torch| of the logits in F32. Rounding differences
     * (summation order in GEMM and convolution) grow with depth; 18 and 34 layers stay well below
     * 1e-5: about 6e-7 measured (the errors are printed).
     */
    private static final double TOLERANCE = 1e-5;

    /** The fixture formula: k is the entry's index in state dict order, i the flat element index. */
    static Tensor formula(String key, int k, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        if (key.endsWith("num_batches_tracked")) return Tensor.scalar(0, DType.I64).reshape(shape);
        double fanScale = shape.length >= 2 ? Math.sqrt(6.0 / (n / shape[0])) : 0;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            long li = i;
            long h = Math.floorMod(31 * li * li + 7919 * li + 104729L * k + 12345, 65521L);
            double s = 2.0 * h / 65520 - 1;
            double x;
            if (shape.length >= 2) x = s * fanScale;
            else if (key.endsWith("running_var")) x = 1 + 0.25 * s;
            else if (key.endsWith("weight")) x = 1 + 0.1 * s;
            else x = 0.1 * s;
            v[i] = (float) x;
        }
        return Tensor.fromArray(v, shape);
    }

    static void check(String name, Supplier<Layer> build) throws Exception {
        SafeTensors.Contents c = SafeTensors.load(LayerFixture.folder("zoo").resolve(name + ".safetensors"));
        JsonNode state = new ObjectMapper().readTree(c.metadata().get("state"));
        Map<String, Tensor> filled = new LinkedHashMap<>();
        for (int k = 0; k < state.size(); k++) {
            String key = state.get(k).get(0).asText();
            JsonNode s = state.get(k).get(1);
            int[] shape = new int[s.size()];
            for (int d = 0; d < shape.length; d++) shape[d] = s.get(d).asInt();
            filled.put(key, formula(key, k, shape));
        }
        Layer model = build.get();
        assertEquals(new ArrayList<>(filled.keySet()), new ArrayList<>(model.stateDict().keySet()), name + ": state dict keys and order");
        model.loadStateDict(filled, true);
        model.eval();
        Tensor logits;
        try (var g = Grad.off()) {
            logits = model.call(c.tensor("input"));
        }
        Tensor expected = c.tensor("logits");
        assertArrayEquals(expected.shape(), logits.shape(), name);
        double maxDiff = logits.sub(expected).abs().max().item(), maxRef = expected.abs().max().item();
        System.out.printf("%s: max |reel - torch| = %.3g, relative to max |logit| %.3g: %.3g%n", name, maxDiff, maxRef, maxDiff / maxRef);
        assertTrue(maxDiff / maxRef <= TOLERANCE, name + ": logits differ from torchvision's by " + maxDiff / maxRef + " (relative)");
    }

    @Test
    void resnet18() throws Exception { check("resnet18", () -> ResNet.resnet18(1000)); }

    @Test
    void resnet34() throws Exception { check("resnet34", () -> ResNet.resnet34(1000)); }

    @Test
    void r3d18() throws Exception { check("r3d_18", () -> VideoResNet.r3d18(400)); }

    @Test
    void mc318() throws Exception { check("mc3_18", () -> VideoResNet.mc318(400)); }

    @Test
    void r2plus1d18() throws Exception { check("r2plus1d_18", () -> VideoResNet.r2plus1d18(400)); }

    @Test
    void namesFollowTorchvision() {
        List<String> keys = new ArrayList<>(VideoResNet.r2plus1d18(10).stateDict().keySet());
        assertEquals("stem.0.weight", keys.get(0));
        assertTrue(keys.contains("layer1.0.conv1.0.0.weight"));
        assertTrue(keys.contains("layer1.0.conv1.0.1.running_var"));
        assertTrue(keys.contains("layer2.0.downsample.0.weight"));
        assertTrue(ResNet.resnet18(10).stateDict().containsKey("layer4.1.bn2.num_batches_tracked"));
    }
}
