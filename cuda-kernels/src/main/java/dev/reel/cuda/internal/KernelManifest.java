package dev.reel.cuda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build compiled: read from {@code dev/reel/cuda/kernels/manifest.properties}, which
 * {@code src/main/cuda/build-kernels.sh} writes next to the PTX and cubins.
 *
 * <p>{@code status=compiled} lists the nvcc version, the PTX's virtual architecture and the
 * architectures with cubins; {@code status=missing} carries the reason no kernels exist (nvcc was
 * not found), which the backend reports as its own unavailability reason.
 *
 * <pre>{@code
 * KernelManifest m = KernelManifest.load();
 * if (m.compiled()) byte[] image = m.image("gemm", 9, 0);  // gemm.sm_90.cubin
 * }</pre>
 */
public record KernelManifest(boolean compiled, String reason, String nvccVersion, int ptxArch, List<Integer> archs,
                             List<String> kernels) {
    /** Where the kernel images live on the class path. */
    public static final String RESOURCE_DIR = "dev/reel/cuda/kernels/";

    /** Loads the manifest from the class path; a missing manifest is a broken build, and says so. */
    public static KernelManifest load() {
        Properties p = new Properties();
        try (InputStream in = KernelManifest.class.getClassLoader().getResourceAsStream(RESOURCE_DIR
                + "manifest.properties")) {
            if (in == null) {
                return new KernelManifest(false, "the kernel manifest " + RESOURCE_DIR + "manifest.properties is "
                        + "missing from the class path: reel-cuda-kernels was not built by its Maven build",
                        "", 0, List.of(), List.of());
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the CUDA kernel manifest", e);
        }
        List<String> kernels = words(p.getProperty("kernels", ""));
        if (!"compiled".equals(p.getProperty("status"))) {
            return new KernelManifest(false, p.getProperty("reason", "the CUDA kernels were not compiled"), "", 0,
                    List.of(), kernels);
        }
        List<Integer> archs = words(p.getProperty("archs", "")).stream().map(Integer::parseInt).toList();
        return new KernelManifest(true, "", p.getProperty("nvcc", ""), Integer.parseInt(p.getProperty("ptxArch")),
                archs, kernels);
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** Resource name of a kernel file's PTX. */
    public static String ptxResource(String kernel) {
        return RESOURCE_DIR + kernel + ".ptx";
    }

    /** Resource name of a kernel file's cubin for sm_{arch}. */
    public static String cubinResource(String kernel, int arch) {
        return RESOURCE_DIR + kernel + ".sm_" + arch + ".cubin";
    }

    /**
     * The architecture whose cubin runs on a GPU of compute capability major.minor: cubins run on
     * the same major version with an equal or higher minor, so the highest such one is taken.
     * Empty when only the PTX fits (a newer major version: the driver JIT-compiles the PTX).
     */
    public Optional<Integer> cubinArchFor(int major, int minor) {
        int cc = major * 10 + minor;
        return archs.stream().filter(a -> a / 10 == major && a <= cc).max(Integer::compare);
    }

    /**
     * The image to load for a GPU of compute capability major.minor: the matching cubin, else the
     * PTX (JIT-compiled by the driver). Throws when the GPU is older than the PTX's architecture.
     */
    public Image image(String kernel, int major, int minor) {
        if (!compiled) throw new IllegalStateException("CUDA kernels unavailable: " + reason);
        if (major * 10 + minor < ptxArch) {
            throw new IllegalStateException("the GPU has compute capability " + major + "." + minor
                    + ", older than sm_" + ptxArch + ", the oldest architecture Reel's CUDA kernels support");
        }
        Optional<Integer> arch = cubinArchFor(major, minor);
        String name = arch.map(a -> cubinResource(kernel, a)).orElse(ptxResource(kernel));
        return new Image(name, read(name), arch.isEmpty());
    }

    /** A module image: its resource name, bytes and whether it is PTX (to be JIT-compiled). */
    public record Image(String resource, byte[] bytes, boolean ptx) {}

    /** Reads a resource fully; a missing one is a broken build. */
    public static byte[] read(String resource) {
        try (InputStream in = KernelManifest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing CUDA kernel resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
