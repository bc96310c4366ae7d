package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** A small model with a nested Sequential, a buffer and a ModuleList. */
    static final class Net extends Layer {
        final Sequential features = register("features", new Sequential(new Linear(4, 3), new Tanh(), new Linear(3, 2)));
        final ModuleList<Linear> heads = register("heads", new ModuleList<>(new Linear(2, 1, false)));

        Net() {
            registerBuffer("scale", Tensor.ones(2));
            registerBuffer("cache", Tensor.zeros(1), false);
        }

        @Override
        public Tensor forward(Tensor x) { return heads.get(0).call(features.call(x).mul(buffer("scale"))); }
    }

    @Test
    void stateDictKeysFollowPyTorchNamingAndOrder() {
        Net net = new Net();
        // as PyTorch: a module's own parameters and buffers come before its children's
        assertEquals(List.of("scale", "features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "heads.0.weight"),
                new ArrayList<>(net.stateDict().keySet()));
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "heads.0.weight"),
                new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(5, net.parameters().size());
        assertEquals(List.of("scale", "cache"), new ArrayList<>(net.namedBuffers().keySet()));
        assertEquals(15 + 8 + 2, net.parameterCount(false));
        assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void loadStateDictCopiesValuesIntoTheSameTensors() {
        Net a = new Net(), b = new Net();
        Tensor w = b.features.get(0).param("weight");
        b.loadStateDict(a.stateDict());
        assertSame(w, b.features.get(0).param("weight"));
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertTrue(e.getValue().equal(b.stateDict().get(e.getKey())), e.getKey());
        }
        Tensor x = Tensor.randn(5, 4);
        assertTrue(a.call(x).equal(b.call(x)));
    }

    @Test
    void strictLoadListsEveryProblemInOneError() {
        Net net = new Net();
        Map<String, Tensor> state = new HashMap<>(net.stateDict());
        state.remove("features.0.bias");
        state.remove("scale");
        state.put("features.9.weight", Tensor.zeros(1));
        state.put("features.2.weight", Tensor.zeros(3, 3));
        StateDictException e = assertThrows(StateDictException.class, () -> net.loadStateDict(state));
        assertEquals(List.of("scale", "features.0.bias"), e.missingKeys());
        assertEquals(List.of("features.9.weight"), e.unexpectedKeys());
        assertEquals(1, e.shapeMismatches().size());
        String m = e.getMessage();
        assertTrue(m.contains("Missing key(s): scale, features.0.bias"), m);
        assertTrue(m.contains("Unexpected key(s): features.9.weight"), m);
        assertTrue(m.contains("Size mismatch for features.2.weight: checkpoint has shape [3, 3], the model [2, 3]"), m);
    }

    @Test
    void nonStrictLoadReportsMissingAndUnexpectedButStillRejectsShapes() {
        Net net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("features.0.bias", Tensor.full(7, 3));
        state.put("extra", Tensor.zeros(1));
        Module.LoadResult r = net.loadStateDict(state, false);
        assertTrue(r.missingKeys().contains("scale"));
        assertEquals(List.of("extra"), r.unexpectedKeys());
        assertArrayEquals(new float[] {7, 7, 7}, net.features.get(0).param("bias").toFloatArray());
        state.put("scale", Tensor.zeros(5));
        assertThrows(StateDictException.class, () -> net.loadStateDict(state, false));
    }

    @Test
    void trainEvalReachesEveryChild() {
        Net net = new Net();
        assertTrue(net.features.get(1).isTraining());
        net.eval();
        assertFalse(net.isTraining());
        assertFalse(net.features.get(1).isTraining());
        assertFalse(net.heads.get(0).isTraining());
        net.train();
        assertTrue(net.heads.get(0).isTraining());
    }

    @Test
    void toDtypeCastsParametersAndFloatBuffersAndKeepsFlags() {
        Net net = new Net();
        net.features.get(0).requiresGrad_(false);
        net.to(DType.F64);
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) assertEquals(DType.F64, e.getValue().dtype(), e.getKey());
        assertFalse(net.features.get(0).param("weight").requiresGrad());
        assertTrue(net.features.get(2).param("weight").requiresGrad());
        assertTrue(net.features.get(2).param("weight").isLeaf());
        assertEquals(DType.F64, net.call(Tensor.randn(2, 4).toDouble()).dtype());
    }

    @Test
    void zeroGradAndFreezing() {
        Net net = new Net();
        net.call(Tensor.randn(3, 4)).sum().backward();
        Tensor w = net.features.get(0).param("weight");
        assertTrue(w.grad() != null);
        net.zeroGrad(false);
        assertArrayEquals(new float[12], w.grad().toFloatArray());
        net.zeroGrad();
        assertNull(w.grad());
        net.features.requiresGrad_(false);
        assertEquals(2, net.parameterCount(true));
        net.call(Tensor.randn(3, 4)).sum().backward();
        assertNull(w.grad());
        assertTrue(net.heads.get(0).param("weight").grad() != null);
    }

    @Test
    void hooksSeeAndReplaceOutputsAndCanBeRemoved() {
        Linear fc = new Linear(2, 2);
        List<int[]> seen = new ArrayList<>();
        Layer.HookHandle h = fc.registerForwardHook((m, in, out) -> {
            seen.add(out.shape());
            return out.mul(0);
        });
        Layer.HookHandle pre = fc.registerForwardPreHook((m, in) -> in.mul(2));
        assertEquals(0, fc.call(Tensor.ones(2, 2)).abs().sum().item());
        assertEquals(1, seen.size());
        h.remove();
        pre.close();
        Tensor y = fc.call(Tensor.ones(1, 2));
        assertTrue(y.equal(fc.forward(Tensor.ones(1, 2))));
        assertEquals(1, seen.size());
    }

    @Test
    void applyVisitsChildrenBeforeTheParent() {
        Net net = new Net();
        List<String> order = new ArrayList<>();
        net.apply(m -> order.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "Tanh", "Linear", "Sequential", "Linear", "ModuleList", "Net"), order);
        net.apply(m -> { if (m instanceof Linear l) Init.zeros(l.weight()); });
        assertEquals(0, net.heads.get(0).weight().abs().sum().item());
    }

    @Test
    void printsATreeLikePyTorchWithParameterCounts() {
        String s = new Net().toString();
        String expected = """
                Net(  # 25 params
                  (features): Sequential(  # 23 params
                    (0): Linear(in_features=4, out_features=3, bias=True)  # 15 params
                    (1): Tanh()
                    (2): Linear(in_features=3, out_features=2, bias=True)  # 8 params
                  )
                  (heads): ModuleList(  # 2 params
                    (0): Linear(in_features=2, out_features=1, bias=False)  # 2 params
                  )
                )
                Total params: 25""";
        assertEquals(expected, s);
    }

    @Test
    void namesAreChecked() {
        Net net = new Net();
        assertThrows(IllegalArgumentException.class, () -> net.register("a.b", new ReLU()));
        assertThrows(IllegalArgumentException.class, () -> net.register("scale", new ReLU()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.param("nope"));
        assertTrue(e.getMessage().contains("Net has no parameter 'nope'"), e.getMessage());
        assertNotSame(net.features, net.heads);
    }

    @Test
    void containers() {
        var d = new ModuleDict<Linear>().put("a", new Linear(1, 1)).put("b", new Linear(1, 2));
        assertEquals(List.of("a.weight", "a.bias", "b.weight", "b.bias"), new ArrayList<>(d.stateDict().keySet()));
        assertEquals(2, d.get("b").outFeatures());
        assertThrows(IllegalArgumentException.class, () -> d.get("c"));
        var named = new LinkedHashMap<String, Layer>();
        named.put("fc", new Linear(2, 2));
        named.put("act", new ReLU());
        var seq = new Sequential(named);
        assertEquals(List.of("fc.weight", "fc.bias"), new ArrayList<>(seq.stateDict().keySet()));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.get(2));
    }
}
