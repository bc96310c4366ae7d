package dev.reel.engine;

/**
 * Where a tensor's storage lives: {@code cpu}, or {@code cuda:i} when the CUDA backend is present.
 *
 * <pre>{@code
 * Device.CPU              // cpu
 * Device.cuda(0)          // cuda:0
 * Device.parse("cuda:1")  // cuda:1
 * }</pre>
 */
public record Device(Type type, int index) {
    /** The kinds of device a backend can serve. */
    public enum Type { CPU, CUDA }

    /** The host. */
    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) throw new IllegalArgumentException("Device: index must be >= 0, got " + index);
    }

    /** The i-th CUDA GPU. */
    public static Device cuda(int index) { return new Device(Type.CUDA, index); }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Device: expected 'cpu', 'cuda' or 'cuda:N', got '" + s + "'");
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
