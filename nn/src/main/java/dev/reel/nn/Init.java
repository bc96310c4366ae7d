package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Parameter initialisation, as {@code torch.nn.init}: each function fills a tensor in place
 * (without recording a graph) and returns it. Without a {@link Generator} they draw from
 * {@link Reel#defaultGenerator()}.
 *
 * <pre>{@code
 * Init.kaimingNormal(conv.weight(), 0, Init.FanMode.FAN_OUT, "relu");   // torchvision's ResNet init
 * Init.zeros(conv.bias());
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan {@link #kaimingUniform} and {@link #kaimingNormal} scale by. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** fan_in and fan_out of a weight of rank ≥ 2, as PyTorch: (size(1), size(0)) × the receptive field. */
    public static int[] fanInAndFanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("init: fan in and fan out can not be computed for a tensor with fewer than 2 "
                    + "dimensions, got shape " + Arrays.toString(t.shape()));
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /**
     * The recommended gain for a nonlinearity (PyTorch's {@code calculate_gain}); {@code param} is
     * leaky_relu's negative slope (NaN for its default 0.01).
     */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2);
            case "leaky_relu" -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("init.gain: unsupported nonlinearity '" + nonlinearity + "'");
        };
    }

    public static Tensor uniform(Tensor t, double low, double high) { return uniform(t, low, high, Reel.defaultGenerator()); }

    public static Tensor uniform(Tensor t, double low, double high, Generator g) {
        try (var off = Grad.off()) {
            t.uniform_(g, low, high);
        }
        return t;
    }

    public static Tensor normal(Tensor t, double mean, double std) { return normal(t, mean, std, Reel.defaultGenerator()); }

    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        try (var off = Grad.off()) {
            t.normal_(g, mean, std);
        }
        return t;
    }

    public static Tensor constant(Tensor t, double value) {
        try (var off = Grad.off()) {
            t.fill_(value);
        }
        return t;
    }

    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    public static Tensor ones(Tensor t) { return constant(t, 1); }

    /** U(-a, a) with a = gain·√(6 / (fan_in + fan_out)) (Glorot). */
    public static Tensor xavierUniform(Tensor t, double gain) { return xavierUniform(t, gain, Reel.defaultGenerator()); }

    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        int[] fans = fanInAndFanOut(t);
        double a = gain * Math.sqrt(6.0 / (fans[0] + fans[1]));
        return uniform(t, -a, a, g);
    }

    /** N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain) { return xavierNormal(t, gain, Reel.defaultGenerator()); }

    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        int[] fans = fanInAndFanOut(t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])), g);
    }

    /** U(-b, b) with b = gain·√(3 / fan) (He); {@code a} is leaky_relu's negative slope. */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, String nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, Reel.defaultGenerator());
    }

    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, g);
    }

    /** N(0, std²) with std = gain / √fan (He). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, String nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, Reel.defaultGenerator());
    }

    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), g);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
        int[] fans = fanInAndFanOut(t);
        int fan = mode == FanMode.FAN_IN ? fans[0] : fans[1];
        if (fan == 0) throw new IllegalArgumentException("init.kaiming: cannot initialise a tensor with a zero fan, shape "
                + Arrays.toString(t.shape()));
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * A (semi-)orthogonal matrix scaled by {@code gain}: the Q of the QR decomposition of a standard
     * normal matrix, with R's diagonal made positive (so the result is unique, as PyTorch's).
     * Dimensions after the first are flattened.
     */
    public static Tensor orthogonal(Tensor t, double gain) { return orthogonal(t, gain, Reel.defaultGenerator()); }

    public static Tensor orthogonal(Tensor t, double gain, Generator g) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("init.orthogonal: only tensors with 2 or more dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        int rows = t.size(0), cols = t.numel() / rows;
        double[] flat = Tensor.randn(g, DType.F64, rows, cols).toDoubleArray();
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows, n = transposed ? rows : cols;
        // a is m x n (m >= n), column-major view of flat (or its transpose)
        double[][] colsOf = new double[n][m];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transposed) colsOf[i][j] = flat[i * cols + j];
                else colsOf[j][i] = flat[i * cols + j];
            }
        }
        double[][] q = gramSchmidt(colsOf);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i * cols + j] = gain * (transposed ? q[i][j] : q[j][i]);
        }
        try (var off = Grad.off()) {
            t.copy_(Tensor.fromArray(out, t.shape()));
        }
        return t;
    }

    /**
     * Modified Gram-Schmidt, run twice for accuracy: the orthonormal columns of A (given as columns),
     * which equal the Q of A = QR with a positive diagonal of R.
     */
    private static double[][] gramSchmidt(double[][] a) {
        int n = a.length;
        double[][] q = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] v = a[j].clone();
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < v.length; i++) dot += q[k][i] * v[i];
                    for (int i = 0; i < v.length; i++) v[i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (double x : v) norm += x * x;
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) v[i] /= norm;
            q[j] = v;
        }
        return q;
    }
}
