package dev.reel.nn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.nn.Module;
import dev.reel.nn.io.SafeTensors;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One PyTorch layer fixture written by {@code tools/fixtures/make_nn_fixtures.py}, read with
 * Reel's own safetensors reader, and the parity check that replays it.
 *
 * <pre>{@code
 * LayerFixture f = LayerFixture.load("linear", DType.F64);
 * f.check(kw -> new Linear(kw.get("in_features").asInt(), kw.get("out_features").asInt()),
 *         (m, in) -> List.of(((Linear) m).call(in.get("input"))));
 * }</pre>
 */
public final class LayerFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String name;
    public final DType dtype;
    public final SafeTensors.Contents contents;
    public final JsonNode kwargs;
    public final JsonNode forwardKwargs;

    private LayerFixture(String name, DType dtype, SafeTensors.Contents contents) {
        this.name = name;
        this.dtype = dtype;
        this.contents = contents;
        try {
            this.kwargs = JSON.readTree(contents.metadata().get("kwargs"));
            this.forwardKwargs = JSON.readTree(contents.metadata().getOrDefault("forward_kwargs", "{}"));
        } catch (Exception e) {
            throw new IllegalStateException(name + ": bad metadata", e);
        }
    }

    public static Path folder(String sub) {
        URL url = LayerFixture.class.getResource("/fixtures/" + sub);
        if (url == null) throw new IllegalStateException("fixtures/" + sub + " is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LayerFixture load(String name, DType dtype) {
        String file = name + (dtype == DType.F32 ? "_f32" : "_f64") + ".safetensors";
        return new LayerFixture(name, dtype, SafeTensors.load(folder("layers").resolve(file)));
    }

    public boolean training() { return "true".equals(contents.metadata().get("training")); }

    /** The state dict before the forward pass (keys without the "state." prefix). */
    public Map<String, Tensor> state() { return prefixed("state."); }

    public Map<String, Tensor> prefixed(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    /** Forward inputs by name; floating ones are fresh leaves that require grad. */
    public Map<String, Tensor> inputs() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        prefixed("in.").forEach((k, v) -> out.put(k, v.dtype().isFloatingPoint() && contents.tensors().containsKey("grad.in." + k)
                ? v.clone().requiresGrad_(true) : v));
        return out;
    }

    /** The tolerance of the parity metric max|reel - torch| / max(1, max|torch|). */
    public double tolerance() { return dtype == DType.F32 ? 1e-5 : 1e-10; }

    /**
     * Builds the module from the kwargs, loads the fixture's state strictly, runs forward in the
     * fixture's mode, backpropagates sum(out_k * gout_k), and compares outputs, input gradients,
     * parameter gradients and updated buffers.
     */
    public Module check(Function<JsonNode, Module> build, BiFunction<Module, Map<String, Tensor>, List<Tensor>> forward) {
        Module m = build.apply(kwargs);
        m.to(dtype);
        m.loadStateDict(state(), true);
        m.train(training());
        Map<String, Tensor> in = inputs();
        List<Tensor> outs = forward.apply(m, in);
        Tensor loss = null;
        List<String> checked = new ArrayList<>();
        for (int k = 0; k < outs.size(); k++) {
            Tensor expected = contents.tensor("out." + k);
            assertClose(expected, outs.get(k), "out." + k);
            checked.add("out." + k);
            if (contents.tensors().containsKey("gout." + k)) {
                Tensor term = outs.get(k).mul(contents.tensor("gout." + k)).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        assertTrue(!contents.tensors().containsKey("out." + outs.size()), name + ": the fixture has more outputs than " + outs.size());
        if (loss != null) {
            loss.backward();
            in.forEach((k, v) -> {
                if (contents.tensors().containsKey("grad.in." + k)) assertClose(contents.tensor("grad.in." + k), v.grad(), "grad.in." + k);
            });
            Map<String, Tensor> params = m.namedParameters();
            prefixed("grad.state.").forEach((k, expected) -> {
                Tensor p = params.get(k);
                assertTrue(p != null, name + ": no parameter " + k);
                assertClose(expected, p.grad() == null ? p.zerosLike() : p.grad(), "grad.state." + k);
            });
        }
        Map<String, Tensor> after = m.stateDict();
        prefixed("state_after.").forEach((k, expected) -> assertClose(expected, after.get(k), "state_after." + k));
        return m;
    }

    public void assertClose(Tensor expected, Tensor actual, String what) {
        assertTrue(actual != null, name + " " + dtype + ": " + what + " is missing");
        assertArrayEquals(expected.shape(), actual.shape(), name + " " + dtype + ": shape of " + what);
        double err = relErr(expected, actual);
        assertTrue(err <= tolerance(), name + " " + dtype + ": " + what + " differs from PyTorch by " + err + " > " + tolerance());
    }

    public static double relErr(Tensor expected, Tensor actual) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isInfinite(e[i]) && e[i] == a[i]) continue;
            maxDiff = Math.max(maxDiff, Math.abs(e[i] - a[i]));
            if (Double.isNaN(a[i]) != Double.isNaN(e[i])) maxDiff = Double.POSITIVE_INFINITY;
            maxAbs = Math.max(maxAbs, Math.abs(e[i]));
        }
        return maxDiff / Math.max(1, maxAbs);
    }
}
