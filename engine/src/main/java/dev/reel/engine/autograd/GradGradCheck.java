package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;
import java.util.function.Function;

/**
 * Second-derivative check, as {@code torch.autograd.gradgradcheck}: the vector-Jacobian product of
 * {@code f}, built with {@code createGraph}, is itself checked by {@link GradCheck} against finite
 * differences, with respect to the inputs and the vector.
 *
 * <pre>{@code
 * GradGradCheck.check(in -> in[0].sigmoid().mul(in[1]), x, y);
 * }</pre>
 */
public final class GradGradCheck {
    private GradGradCheck() {}

    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) { GradCheck.checkGradGrad(f, inputs); }

    public static void check(Function<Tensor[], Tensor> f, GradCheck.Options options, Tensor... inputs) {
        GradCheck.checkGradGrad(f, options, inputs);
    }
}
