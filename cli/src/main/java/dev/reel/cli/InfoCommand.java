package dev.reel.cli;

import dev.reel.engine.Device;
import dev.reel.engine.Reel;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import dev.reel.video.Video;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code reel info}: what this machine and JVM give Reel — Java version, the preferred SIMD
 * width, threads, and whether the CUDA backend and FFmpeg can be used (and if not, why).
 *
 * <pre>{@code
 * ./reel info
 * }</pre>
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the Java version, SIMD width, threads, and CUDA/FFmpeg availability.")
public final class InfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        facts().forEach((k, v) -> out.printf("%-14s %s%n", k + ":", v));
        out.flush();
    }

    /** The facts printed, in order (also used by the run report). */
    public static Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        m.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        var species = FloatVector.SPECIES_PREFERRED;
        m.put("vector", species.length() + " floats (" + species.vectorBitSize() + "-bit, SPECIES_PREFERRED)");
        m.put("threads", Reel.numThreads() + " kernel threads, " + rt.availableProcessors() + " processors");
        m.put("heap", (rt.maxMemory() >> 20) + " MiB max");
        m.put("cuda", cuda());
        m.put("ffmpeg", Video.ffmpegAvailable() ? "available" : "not available: " + Video.ffmpegProblem());
        return m;
    }

    private static String cuda() {
        Backend b = Backends.registered(Device.Type.CUDA);
        if (b == null) return "not available: the reel-cuda-kernels module is not on the class path";
        try {
            return b.isAvailable() ? "available" : "not available: " + b.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            // A backend that cannot even answer is reported, not thrown: info must always print.
            return "not available: " + e;
        }
    }
}
