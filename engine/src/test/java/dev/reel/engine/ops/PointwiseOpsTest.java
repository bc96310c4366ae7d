package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import dev.reel.engine.cpu.ScalarMath;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every unary op: values against java.lang.Math, a gradient check and a double-backward check. */
class PointwiseOpsTest {
    /** name, op, reference, domain (inputs are mapped into it so that the op is smooth there). */
    static Stream<Arguments> ops() {
        DoubleUnaryOperator any = v -> v, positive = v -> Math.abs(v) + 0.5, awayFromZero = v -> v + Math.copySign(0.3, v);
        return Stream.of(
                Arguments.of("neg", (UnaryOperator<Tensor>) Tensor::neg, (DoubleUnaryOperator) v -> -v, any),
                Arguments.of("abs", (UnaryOperator<Tensor>) Tensor::abs, (DoubleUnaryOperator) Math::abs, awayFromZero),
                Arguments.of("exp", (UnaryOperator<Tensor>) Tensor::exp, (DoubleUnaryOperator) Math::exp, any),
                Arguments.of("expm1", (UnaryOperator<Tensor>) Tensor::expm1, (DoubleUnaryOperator) Math::expm1, any),
                Arguments.of("log", (UnaryOperator<Tensor>) Tensor::log, (DoubleUnaryOperator) Math::log, positive),
                Arguments.of("log1p", (UnaryOperator<Tensor>) Tensor::log1p, (DoubleUnaryOperator) Math::log1p, positive),
                Arguments.of("sqrt", (UnaryOperator<Tensor>) Tensor::sqrt, (DoubleUnaryOperator) Math::sqrt, positive),
                Arguments.of("rsqrt", (UnaryOperator<Tensor>) Tensor::rsqrt, (DoubleUnaryOperator) v -> 1 / Math.sqrt(v), positive),
                Arguments.of("square", (UnaryOperator<Tensor>) Tensor::square, (DoubleUnaryOperator) v -> v * v, any),
                Arguments.of("reciprocal", (UnaryOperator<Tensor>) Tensor::reciprocal, (DoubleUnaryOperator) v -> 1 / v, awayFromZero),
                Arguments.of("sin", (UnaryOperator<Tensor>) Tensor::sin, (DoubleUnaryOperator) Math::sin, any),
                Arguments.of("cos", (UnaryOperator<Tensor>) Tensor::cos, (DoubleUnaryOperator) Math::cos, any),
                Arguments.of("tanh", (UnaryOperator<Tensor>) Tensor::tanh, (DoubleUnaryOperator) Math::tanh, any),
                Arguments.of("sigmoid", (UnaryOperator<Tensor>) Tensor::sigmoid, (DoubleUnaryOperator) v -> 1 / (1 + Math.exp(-v)), any),
                Arguments.of("erf", (UnaryOperator<Tensor>) Tensor::erf, (DoubleUnaryOperator) ScalarMath::erf, any),
                Arguments.of("relu", (UnaryOperator<Tensor>) Tensor::relu, (DoubleUnaryOperator) v -> Math.max(v, 0), awayFromZero),
                Arguments.of("relu6", (UnaryOperator<Tensor>) t -> t.mul(4).relu6(), (DoubleUnaryOperator) v -> Math.min(Math.max(4 * v, 0), 6), awayFromZero),
                Arguments.of("leakyRelu", (UnaryOperator<Tensor>) t -> t.leakyRelu(0.1), (DoubleUnaryOperator) v -> v > 0 ? v : 0.1 * v, awayFromZero),
                Arguments.of("elu", (UnaryOperator<Tensor>) t -> t.elu(1.5), (DoubleUnaryOperator) v -> v > 0 ? v : 1.5 * Math.expm1(v), awayFromZero),
                Arguments.of("gelu", (UnaryOperator<Tensor>) Tensor::gelu, (DoubleUnaryOperator) v -> 0.5 * v * (1 + ScalarMath.erf(v / Math.sqrt(2))), any),
                Arguments.of("geluTanh", (UnaryOperator<Tensor>) t -> t.gelu(true),
                        (DoubleUnaryOperator) v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), any),
                Arguments.of("silu", (UnaryOperator<Tensor>) Tensor::silu, (DoubleUnaryOperator) v -> v / (1 + Math.exp(-v)), any),
                Arguments.of("softplus", (UnaryOperator<Tensor>) t -> t.mul(3).softplus(2, 5),
                        (DoubleUnaryOperator) v -> 6 * v > 5 ? 3 * v : Math.log1p(Math.exp(6 * v)) / 2, awayFromZero),
                Arguments.of("hardtanh", (UnaryOperator<Tensor>) t -> t.mul(2).hardtanh(-1, 1),
                        (DoubleUnaryOperator) v -> Math.max(-1, Math.min(1, 2 * v)), awayFromZero),
                Arguments.of("clampMin", (UnaryOperator<Tensor>) t -> t.clampMin(0.2), (DoubleUnaryOperator) v -> Math.max(v, 0.2), any),
                Arguments.of("powScalar", (UnaryOperator<Tensor>) t -> t.pow(2.5), (DoubleUnaryOperator) v -> Math.pow(v, 2.5), positive),
                Arguments.of("powCube", (UnaryOperator<Tensor>) t -> t.pow(3), (DoubleUnaryOperator) v -> v * v * v, any));
    }

    private static Tensor input(DoubleUnaryOperator domain) {
        double[] v = Tensor.randn(new Generator(9), DType.F64, 3, 5).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = domain.applyAsDouble(v[i]);
            if (Math.abs(v[i] - 0.2) < 0.05) v[i] += 0.1; // keep clamp's kink out of the finite differences
        }
        // transpose: the op must also work on a non-contiguous view
        return Tensor.fromArray(v, 5, 3).requiresGrad_(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void valuesGradientsAndSecondDerivatives(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, DoubleUnaryOperator domain) {
        Tensor x = input(domain);
        double[] in = x.t().toDoubleArray();
        double[] out = op.apply(x.t()).toDoubleArray();
        for (int i = 0; i < in.length; i++) assertEquals(ref.applyAsDouble(in[i]), out[i], 1e-12 * Math.max(1, Math.abs(out[i])), name);
        GradCheck.check(t -> op.apply(t[0].t()), x);
        GradCheck.checkGradGrad(t -> op.apply(t[0].t()), x);
    }

    @Test
    void float32MatchesFloat64WithinRounding() {
        Tensor x = Tensor.randn(new Generator(3), 1000);
        double[] f32 = x.tanh().toDoubleArray(), f64 = x.to(DType.F64).tanh().toDoubleArray();
        for (int i = 0; i < f32.length; i++) assertEquals(f64[i], f32[i], 1e-7);
    }

    @Test
    void roundingHasNoGradientAndRoundsHalfToEven() {
        Tensor x = Tensor.fromArray(new double[] {0.5, 1.5, 2.5, -0.5, -1.7}).requiresGrad_(true);
        assertArrayEquals(new double[] {0, 2, 2, -0.0, -2}, x.round().toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, -1, -2}, x.floor().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, -0.0, -1}, x.ceil().toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, -0.0, -1}, x.trunc().toDoubleArray());
        x.floor().sum().backward();
        assertArrayEquals(new double[5], x.grad().toDoubleArray());
    }

    @Test
    void integerInputsPromoteForFloatingOps() {
        Tensor i = Tensor.fromArray(new long[] {1, 4});
        assertEquals(DType.F32, i.sqrt().dtype());
        assertEquals(DType.I64, i.abs().dtype());
        assertArrayEquals(new long[] {-1, -4}, i.neg().toLongArray());
    }
}
