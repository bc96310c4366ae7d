package dev.reel.engine.backend;

import dev.reel.engine.Device;
import dev.reel.engine.cpu.CpuBackend;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the backend of a device: the CPU backend is built in; others (CUDA) are discovered with
 * {@link ServiceLoader}, so the engine never imports them. {@link #of} hands out each backend
 * wrapped in {@link HalfAsFloat}, the rule that runs BF16/F16 work in F32.
 */
public final class Backends {
    private static final Map<Device.Type, Backend> BACKENDS = new EnumMap<>(Device.Type.class);
    private static final Map<Device.Type, Backend> DISPATCH = new EnumMap<>(Device.Type.class);

    static {
        BACKENDS.put(Device.Type.CPU, CpuBackend.INSTANCE);
        try {
            for (Backend b : ServiceLoader.load(Backend.class)) BACKENDS.putIfAbsent(b.deviceType(), b);
        } catch (java.util.ServiceConfigurationError e) {
            // A broken provider must not take down the CPU path; get() reports the device as missing.
        }
        BACKENDS.forEach((type, b) -> DISPATCH.put(type, new HalfAsFloat(b)));
    }

    private Backends() {}

    /** The backend serving {@code device} (wrapped in {@link HalfAsFloat}), or an error saying why there is none. */
    public static Backend of(Device device) {
        Backend b = DISPATCH.get(device.type());
        if (b == null) {
            throw new IllegalStateException("no backend for device " + device
                    + ": the reel-cuda-kernels module is not on the class/module path");
        }
        if (!b.isAvailable()) {
            throw new IllegalStateException("device " + device + " is not available: " + b.unavailableReason());
        }
        return b;
    }

    /** The backend registered for a device type, available or not (for diagnostics), or null. */
    public static Backend registered(Device.Type type) {
        return BACKENDS.get(type);
    }
}
