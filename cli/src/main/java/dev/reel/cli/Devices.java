package dev.reel.cli;

import dev.reel.engine.Device;
import dev.reel.engine.backend.Backends;

/** Parses {@code --device} and checks that its backend can run here, with a one-line reason if not. */
final class Devices {
    private Devices() {}

    static Device parse(String s) {
        Device d;
        try {
            d = Device.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UserError("--device " + s + ": expected cpu, cuda or cuda:N");
        }
        try {
            Backends.of(d);
        } catch (IllegalStateException e) {
            throw new UserError("--device " + s + ": " + e.getMessage() + " (reel info shows why; use --device cpu)");
        }
        return d;
    }
}
