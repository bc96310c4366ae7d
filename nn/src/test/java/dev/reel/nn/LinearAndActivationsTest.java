package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import dev.reel.nn.testing.LayerFixture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LinearAndActivationsTest {
    /** GradCheck of a layer as a whole: the gradient with respect to the input and to every parameter. */
    static void gradCheckLayer(Layer layer, Tensor input) {
        layer.to(DType.F64);
        List<String> names = List.copyOf(layer.namedParameters().keySet());
        Tensor[] all = new Tensor[names.size() + 1];
        all[0] = input;
        for (int i = 0; i < names.size(); i++) all[i + 1] = layer.namedParameters().get(names.get(i)).detach().clone().requiresGrad_(true);
        GradCheck.check(in -> LayerSupport.withParameters(layer, names, in, 1, () -> layer.call(in[0])), all);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void linearMatchesPyTorch(DType dtype) {
        for (String c : List.of("linear", "linear_nobias")) {
            LayerFixture.load(c, dtype).check(
                    kw -> new Linear(kw.get("in_features").asInt(), kw.get("out_features").asInt(), kw.path("bias").asBoolean(true)),
                    (m, in) -> List.of(((Linear) m).call(in.get("input"))));
        }
    }

    @Test
    void linearGradCheckAndErrors() {
        var g = new Generator(1);
        gradCheckLayer(new Linear(3, 2), Tensor.randn(g, DType.F64, 2, 3).requiresGrad_(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2).call(Tensor.zeros(2, 4)));
        assertEquals("Linear: expected input with last dimension 3, got shape [2, 4]", e.getMessage());
    }

    @Test
    void activationsGradCheck() {
        var g = new Generator(2);
        for (Layer l : List.of(new ReLU(), new ReLU6(), new LeakyReLU(0.2), new ELU(0.7), new GELU(), new GELU("tanh"), new SiLU(),
                new Sigmoid(), new Tanh(), new Softplus(2, 10), new Hardtanh(-0.5, 0.5), new Identity())) {
            Tensor x = Tensor.randn(g, DType.F64, 2, 5).mul(2).add(0.05).detach().requiresGrad_(true);
            gradCheckLayer(l, x);
        }
    }

    @Test
    void activationValuesAndRepr() {
        Tensor x = Tensor.fromArray(new double[] {-2, -0.5, 0.5, 7});
        assertArrayEquals(new double[] {0, 0, 0.5, 6}, new ReLU6().call(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-0.4, -0.1, 0.5, 7}, new LeakyReLU(0.2).call(x).toDoubleArray(), 1e-12);
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).toString().lines().findFirst().orElseThrow());
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString().lines().findFirst().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
    }

    @Test
    void flattenAndUnflatten() {
        Tensor x = Tensor.randn(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().call(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).call(x).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2, 5}, new Unflatten(2, 2, 2).call(x).shape());
        assertTrue(new Unflatten(1, 3, 20).call(new Flatten().call(x)).reshape(2, 3, 4, 5).equal(x));
    }
}
