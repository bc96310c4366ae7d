package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.reel.engine.testing.Fixture;
import dev.reel.engine.testing.FixtureTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with PyTorch: every fixture written by {@code tools/fixtures/make_op_fixtures.py} is run
 * through Reel and must give PyTorch's output and gradients.
 *
 * <p>For each fixture the inputs {@code in<k>} become tensors (requiring grad where PyTorch
 * recorded a gradient), {@link PyTorchCalls} maps the PyTorch call and its arguments to Reel's,
 * and {@code sum(out * gout).backward()} gives the gradients.
 *
 * <p>The metric, per tensor: {@code max|reel - torch| / max(1, max|torch|)}, which must be at
 * most {@value #F32_TOLERANCE} in F32 and {@value #F64_TOLERANCE} in F64. It is an absolute
 * error for values of magnitude up to 1 and a relative one (to the largest element) beyond.
 * Integer and boolean outputs (indices, masks) must be equal.
 */
class PyTorchParityTest {

    static final double F32_TOLERANCE = 1e-5;
    static final double F64_TOLERANCE = 1e-10;

    /**
     * Cases known to disagree with PyTorch, or whose op Reel lacks, each with the reason. They
     * are reported as skipped (not silently passed), so the list is the to-do list of parity.
     */
    static final Map<String, String> KNOWN_GAPS = Map.ofEntries(
    );

    /**
     * Cases whose F64 backward in PyTorch 1.13 uses single-precision constants (hardsigmoid's
     * 1.0f/6.0f, celu's 1/alpha as a float): Reel computes these in full F64, so their input
     * gradients are compared at the F32 tolerance.
     */
    static final Set<String> FLOAT_CONSTANT_BACKWARD = Set.of("hardsigmoid", "celu");

    /** PyTorch ops with no Reel counterpart yet: their cases are reported as skipped. */
    static final Map<String, String> MISSING_OPS = Map.ofEntries();

    private static Map.Entry<String, String> missing(String functional) {
        return Map.entry("torch.nn.functional." + functional, "Reel has no F counterpart of torch.nn.functional." + functional);
    }

    static Stream<String> fixtures() {
        return Fixture.opFixtures().stream().map(p -> p.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(String fileName) {
        check(fileName, false);
    }

    /**
     * The same cases with every input of rank 2 or more (first and last dimensions longer than 1)
     * stored with those dimensions swapped in memory (same values, non-contiguous strides), so kernels that assume a
     * contiguous layout are caught.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorchOnStridedInputs(String fileName) {
        check(fileName, true);
    }

    private static void check(String fileName, boolean strided) {
        Fixture f = Fixture.load(Fixture.opsFolder().resolve(fileName));
        String gap = KNOWN_GAPS.get(f.caseName());
        assumeFalse(gap != null, () -> f.caseName() + ": " + gap);
        assumeFalse(MISSING_OPS.containsKey(f.op()), () -> MISSING_OPS.get(f.op()));
        double tolerance = f.dtype().equals("F64") ? F64_TOLERANCE : F32_TOLERANCE;

        List<Tensor> inputs = new ArrayList<>();
        for (int k = 0; k < f.inputs().size(); k++) {
            Tensor t = toTensor(f.input(k));
            if (strided && t.dim() >= 2 && t.size(0) > 1 && t.size(-1) > 1) {
                // transpose, copy, transpose back: the values of t, laid out column-major-like;
                // detach makes the view a leaf that can require grad.
                t = t.transpose(0, t.dim() - 1).contiguous().transpose(0, t.dim() - 1).detach();
                assertFalse(t.isContiguous(), fileName + ": in" + k + " should be strided");
            }
            if (f.grad(k).isPresent()) {
                t.requiresGrad_(true);
            }
            inputs.add(t);
        }
        List<Tensor> outs = PyTorchCalls.call(f, inputs);

        assertClose(f, "out", outs.get(0), tolerance);
        for (int i = 1; f.has("out" + i); i++) {
            assertTrue(i < outs.size(), fileName + ": PyTorch gave output " + i + ", Reel did not");
            assertClose(f, "out" + i, outs.get(i), tolerance);
        }
        for (int k = 0; k < inputs.size(); k++) {
            if (f.has("in" + k + "_after")) {
                assertClose(f, "in" + k + "_after", inputs.get(k), tolerance);
            }
        }

        if (f.has("gout")) {
            Tensor gout = toTensor(f.tensor("gout"));
            outs.get(0).mul(gout).sum().backward();
            for (int k = 0; k < inputs.size(); k++) {
                if (f.grad(k).isPresent()) {
                    Tensor g = inputs.get(k).grad();
                    assertNotNull(g, fileName + ": no gradient reached in" + k + " (" + f.inputs().get(k) + ")");
                    assertClose(f, "grad_in" + k, g, FLOAT_CONSTANT_BACKWARD.contains(f.caseName()) ? F32_TOLERANCE : tolerance);
                }
            }
        }
    }

    @Test
    void everyKnownGapNamesAnExistingCase() {
        List<String> cases = Fixture.opFixtures().stream().map(p -> Fixture.load(p).caseName()).distinct().toList();
        for (String c : KNOWN_GAPS.keySet()) {
            assertTrue(cases.contains(c), "KNOWN_GAPS names no fixture case: " + c);
        }
    }

    /** A Reel tensor with the fixture's dtype, shape and values. */
    static Tensor toTensor(FixtureTensor t) {
        int[] shape = t.shape();
        return switch (t.dtype()) {
            case "F64" -> Tensor.fromArray(t.doubles().clone(), shape);
            case "F32" -> {
                float[] v = new float[t.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) t.doubles()[i];
                }
                yield Tensor.fromArray(v, shape);
            }
            case "I64" -> Tensor.fromArray(t.longs().clone(), shape);
            case "I32" -> Tensor.fromArray(Arrays.stream(t.longs()).mapToInt(x -> (int) x).toArray(), shape);
            case "U8" -> {
                byte[] v = new byte[t.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (byte) t.longs()[i];
                }
                yield Tensor.fromArray(v, shape);
            }
            case "BOOL" -> {
                boolean[] v = new boolean[t.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.longs()[i] != 0;
                }
                yield Tensor.fromArray(v, shape);
            }
            default -> throw new IllegalArgumentException("no Reel dtype for " + t.dtype());
        };
    }

    /** Shape, dtype and values of {@code actual} against the fixture's tensor {@code name}. */
    static void assertClose(Fixture f, String name, Tensor actual, double tolerance) {
        FixtureTensor expected = f.tensor(name);
        String where = f.file().getFileName() + " " + name;
        assertArrayEquals(expected.shape(), actual.shape(), where + ": shape");
        assertEquals(expected.dtype(), actual.dtype().name(), where + ": dtype");
        if (!expected.isFloating()) {
            assertArrayEquals(expected.longs(), actual.toLongArray(), where + ": values");
            return;
        }
        double[] want = expected.doubles();
        double[] got = actual.toDoubleArray();
        double scale = 1;
        for (double w : want) {
            if (Double.isFinite(w)) {
                scale = Math.max(scale, Math.abs(w));
            }
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < want.length; i++) {
            double err;
            if (Double.isFinite(want[i])) {
                err = Math.abs(got[i] - want[i]) / scale;
            } else {
                err = Double.compare(got[i], want[i]) == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            if (!(err <= worst)) {  // also catches NaN
                worst = err;
                worstAt = i;
            }
        }
        if (!(worst <= tolerance)) {
            fail(String.format("%s: error %.3g > %.1g at element %d: Reel %s, PyTorch %s",
                    where, worst, tolerance, worstAt, got[worstAt], want[worstAt]));
        }
    }
}
