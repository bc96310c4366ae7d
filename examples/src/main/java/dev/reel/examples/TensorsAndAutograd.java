package dev.reel.examples;

import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;

import java.util.Locale;

/**
 * Example 1: tensors and autograd. Fits the cubic {@code y = a + b x + c x^2 + d x^3} to
 * {@code sin(x)} on [-pi, pi] with plain gradient descent, the way PyTorch's "learning PyTorch with
 * examples" tutorial does: build the prediction from tensor ops, call {@code backward()}, read
 * {@code grad()}, update the leaves with gradients off.
 *
 * <pre>{@code
 * examples/run TensorsAndAutograd
 * }</pre>
 */
public final class TensorsAndAutograd {
    private TensorsAndAutograd() {}

    /** The loss before the first step and after the last one, and the fitted coefficients a, b, c, d. */
    public record Result(double firstLoss, double lastLoss, double[] coefficients) {}

    public static void main(String[] args) {
        Result r = run(2000, true);
        System.out.printf(Locale.ROOT, "y = %.4f + %.4f x + %.4f x^2 + %.4f x^3%n", r.coefficients()[0], r.coefficients()[1],
                r.coefficients()[2], r.coefficients()[3]);
    }

    /** Runs {@code steps} steps of gradient descent; prints the loss every 200 steps when {@code verbose}. */
    public static Result run(int steps, boolean verbose) {
        Reel.manualSeed(0);
        Tensor x = Tensor.linspace(-Math.PI, Math.PI, 2000);
        Tensor y = x.sin();

        // Four scalar leaves; requiresGrad_ asks autograd to record every op that uses them.
        Tensor a = Tensor.randn().requiresGrad_(true);
        Tensor b = Tensor.randn().requiresGrad_(true);
        Tensor c = Tensor.randn().requiresGrad_(true);
        Tensor d = Tensor.randn().requiresGrad_(true);
        double lr = 1e-6;

        double first = Double.NaN;
        double last = Double.NaN;
        for (int t = 0; t < steps; t++) {
            Tensor pred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
            Tensor loss = pred.sub(y).pow(2).sum();
            last = loss.item();
            if (t == 0) first = last;
            if (verbose && t % 200 == 199) System.out.printf(Locale.ROOT, "step %4d  loss %.4f%n", t + 1, last);

            loss.backward();   // fills a.grad() ... d.grad() with d loss / d leaf
            try (Grad off = Grad.off()) {
                // Updates are not part of the model: record nothing, then clear the gradients.
                for (Tensor p : new Tensor[] {a, b, c, d}) {
                    p.sub_(p.grad().mul(lr));
                    p.setGrad(null);
                }
            }
        }
        return new Result(first, last, new double[] {a.item(), b.item(), c.item(), d.item()});
    }
}
