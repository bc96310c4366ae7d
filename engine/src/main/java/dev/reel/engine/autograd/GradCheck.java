package dev.reel.engine.autograd;

import dev.reel.engine.Autograd;
import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks analytical gradients against central finite differences in F64, as
 * {@code torch.autograd.gradcheck} (same defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
 *
 * <p>For an output of at most {@value #FULL_JACOBIAN_LIMIT} elements every row of the Jacobian is
 * checked; for larger outputs, the vector-Jacobian products with two random vectors u (compared
 * with the finite differences of u·f). Failures report the worst element.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(new Generator(0), DType.F64, 3, 4).requiresGrad_(true);
 * GradCheck.check(in -> in[0].tanh().sum(1), x);          // throws GradCheckException on mismatch
 * GradCheck.checkGradGrad(in -> in[0].tanh(), x);          // second derivatives too
 * }</pre>
 */
public final class GradCheck {
    static final int FULL_JACOBIAN_LIMIT = 16;

    private GradCheck() {}

    /** A failed check, with the report in the message. */
    public static final class GradCheckException extends AssertionError {
        public GradCheckException(String message) { super(message); }
    }

    /** Tolerances and step. */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) { check(f, Options.DEFAULT, inputs); }

    public static void check(Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t.requiresGrad() && t.dtype() != DType.F64) {
                throw new IllegalArgumentException("GradCheck: input " + i + " requires grad but is " + t.dtype().torchName()
                        + "; gradient checks need float64 inputs");
            }
        }
        Tensor out = f.apply(inputs);
        if (!out.requiresGrad()) throw new GradCheckException("GradCheck: the output does not require grad (no input reaches it)");
        List<Tensor> projections = new ArrayList<>();
        int n = out.numel();
        if (n <= FULL_JACOBIAN_LIMIT) {
            for (int j = 0; j < n; j++) {
                double[] e = new double[n];
                e[j] = 1;
                projections.add(Tensor.fromArray(e).reshape(out.shape()).to(out.device()));
            }
        } else {
            Generator g = new Generator(n * 31L + 7);
            projections.add(Tensor.randn(g, DType.F64, out.shape()).to(out.device()));
            projections.add(Tensor.randn(g, DType.F64, out.shape()).to(out.device()));
        }
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad()) diff.add(i);
        Tensor[] diffInputs = diff.stream().map(i -> inputs[i]).toArray(Tensor[]::new);
        for (int p = 0; p < projections.size(); p++) {
            Tensor u = projections.get(p);
            Tensor fresh = f.apply(inputs);
            Tensor[] analytical = Autograd.grad(new Tensor[] {fresh}, diffInputs, new Tensor[] {u}, false, false, true);
            for (int k = 0; k < diff.size(); k++) {
                int i = diff.get(k);
                double[] num = numerical(f, inputs, i, u, o.eps);
                double[] ana = analytical[k] == null ? new double[num.length] : analytical[k].toDoubleArray();
                compare(num, ana, inputs[i].shape(), i, n <= FULL_JACOBIAN_LIMIT ? "output element " + p : "projection " + p, o);
            }
        }
    }

    /** d(u·f)/dx_i for every element of input i, by central differences on a private copy. */
    private static double[] numerical(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, Tensor u, double eps) {
        Tensor x = inputs[which];
        double[] base = x.toDoubleArray();
        double[] out = new double[base.length];
        try (var g = Grad.off()) {
            for (int e = 0; e < base.length; e++) {
                double[] plus = base.clone(), minus = base.clone();
                plus[e] += eps;
                minus[e] -= eps;
                double fp = project(f, inputs, which, Tensor.fromArray(plus).reshape(x.shape()).to(x.device()).requiresGrad_(true), u);
                double fm = project(f, inputs, which, Tensor.fromArray(minus).reshape(x.shape()).to(x.device()).requiresGrad_(true), u);
                out[e] = (fp - fm) / (2 * eps);
            }
        }
        return out;
    }

    private static double project(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, Tensor replacement, Tensor u) {
        Tensor[] in = inputs.clone();
        in[which] = replacement;
        return f.apply(in).mul(u).sum().item();
    }

    private static void compare(double[] num, double[] ana, int[] shape, int input, String what, Options o) {
        int worst = -1;
        double worstExcess = 0;
        for (int e = 0; e < num.length; e++) {
            double err = Math.abs(num[e] - ana[e]);
            double tol = o.atol + o.rtol * Math.abs(num[e]);
            boolean bad = err > tol || Double.isNaN(ana[e]) != Double.isNaN(num[e]);
            if (bad && (worst < 0 || err - tol > worstExcess || Double.isNaN(err))) {
                worst = e;
                worstExcess = err - tol;
            }
        }
        if (worst >= 0) {
            throw new GradCheckException("GradCheck: Jacobian mismatch for input " + input + " (shape " + Arrays.toString(shape)
                    + "), " + what + ": worst element " + coords(worst, shape) + ": numerical " + num[worst] + ", analytical "
                    + ana[worst] + " (|diff| " + Math.abs(num[worst] - ana[worst]) + " > atol " + o.atol + " + rtol " + o.rtol
                    + " * |numerical|)");
        }
    }

    private static String coords(int flat, int[] shape) {
        int[] c = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return Arrays.toString(c);
    }

    /**
     * Checks second derivatives: the vector-Jacobian product (built with createGraph) is itself
     * gradient-checked with respect to the inputs and the vector, as {@code gradgradcheck}.
     */
    public static void checkGradGrad(Function<Tensor[], Tensor> f, Tensor... inputs) { checkGradGrad(f, Options.DEFAULT, inputs); }

    public static void checkGradGrad(Function<Tensor[], Tensor> f, Options o, Tensor... inputs) {
        Tensor out = f.apply(inputs);
        Tensor v = Tensor.randn(new Generator(out.numel() * 13L + 5), DType.F64, out.shape()).to(out.device()).requiresGrad_(true);
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad()) diff.add(i);
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = v;
        Function<Tensor[], Tensor> vjp = in -> {
            Tensor[] xs = Arrays.copyOf(in, in.length - 1);
            try (var g = Grad.on()) {
                Tensor y = f.apply(xs);
                Tensor[] targets = diff.stream().map(i -> xs[i]).toArray(Tensor[]::new);
                Tensor[] grads = Autograd.grad(new Tensor[] {y}, targets, new Tensor[] {in[in.length - 1]}, true, true, true);
                List<Tensor> flat = new ArrayList<>();
                for (int k = 0; k < grads.length; k++) {
                    flat.add(grads[k] == null ? targets[k].zerosLike().reshape(-1) : grads[k].reshape(-1));
                }
                return Tensor.cat(flat, 0);
            }
        };
        check(vjp, o, all);
    }
}
