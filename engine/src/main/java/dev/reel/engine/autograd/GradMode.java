package dev.reel.engine.autograd;

/**
 * Per-thread switches of autograd: whether ops record the graph, whether inference mode is on, and
 * whether anomaly detection is on. User code uses {@link dev.reel.engine.Grad} and
 * {@link dev.reel.engine.Autograd}; this is the state they flip.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> STATE = ThreadLocal.withInitial(() -> new boolean[] {true, false});
    private static volatile boolean anomaly;

    private GradMode() {}

    /** True when ops record the graph on this thread. */
    public static boolean isEnabled() { return STATE.get()[0]; }

    public static void setEnabled(boolean on) { STATE.get()[0] = on; }

    /** True inside {@code Grad.inferenceMode()} on this thread. */
    public static boolean isInference() { return STATE.get()[1]; }

    public static void setInference(boolean on) { STATE.get()[1] = on; }

    /** True when every op checks its results for NaN/Inf (process-wide, as torch's). */
    public static boolean isAnomalyEnabled() { return anomaly; }

    public static void setAnomalyEnabled(boolean on) { anomaly = on; }
}
