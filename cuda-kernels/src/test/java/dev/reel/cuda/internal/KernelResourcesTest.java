package dev.reel.cuda.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks what the build's nvcc step produced, on any machine (no GPU needed): every kernel file
 * has its PTX and a cubin for every architecture, and the PTX declares every entry point its
 * source defines. Where nvcc was missing, the manifest must say so with a reason.
 */
class KernelResourcesTest {
    private static final List<Integer> REQUIRED_ARCHS = List.of(80, 86, 89, 90);
    private static final Pattern ENTRY_IN_SOURCE =
            Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\(\\d+\\) )?(?!__launch_bounds__)(\\w+)\\(");
    private static final Pattern MACRO_DEF = Pattern.compile("#define (\\w+)\\(N,[^)]*\\)((?:.*\\\\\\n)+.*)");
    private static final Pattern ENTRY_IN_MACRO =
            Pattern.compile("__global__ void (?:__launch_bounds__\\(\\d+\\) )?(\\w+)##N\\(");

    private static Path sourceDir() {
        return Path.of(System.getProperty("reel.cuda.sourceDir", "src/main/cuda"));
    }

    private static List<String> sourceKernels() throws IOException {
        try (Stream<Path> files = Files.list(sourceDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
    }

    @Test
    void manifestListsEveryKernelFile() throws IOException {
        KernelManifest m = KernelManifest.load();
        assertEquals(sourceKernels(), m.kernels().stream().sorted().toList());
        if (!m.compiled()) {
            assertFalse(m.reason().isBlank(), "an uncompiled build must say why");
            assertTrue(m.reason().contains("nvcc"), m.reason());
        }
    }

    @Test
    void everyKernelHasPtxAndCubinsForEveryArchitecture() throws IOException {
        KernelManifest m = KernelManifest.load();
        if (!m.compiled()) return;  // nvcc missing: checked by manifestListsEveryKernelFile
        assertTrue(m.archs().containsAll(REQUIRED_ARCHS), "archs " + m.archs());
        assertEquals(80, m.ptxArch());
        for (String k : sourceKernels()) {
            byte[] ptx = KernelManifest.read(KernelManifest.ptxResource(k));
            assertTrue(new String(ptx, 0, Math.min(ptx.length, 4096), StandardCharsets.US_ASCII)
                    .contains(".target sm_80"), k + ".ptx targets compute_80");
            for (int arch : m.archs()) {
                byte[] cubin = KernelManifest.read(KernelManifest.cubinResource(k, arch));
                // A cubin is an ELF file.
                assertEquals(0x7f, cubin[0]);
                assertEquals('E', cubin[1]);
                assertEquals('L', cubin[2]);
                assertEquals('F', cubin[3]);
            }
        }
    }

    @Test
    void ptxDeclaresEveryEntryPointOfItsSource() throws IOException {
        KernelManifest m = KernelManifest.load();
        if (!m.compiled()) return;
        int total = 0;
        for (String k : sourceKernels()) {
            String src = Files.readString(sourceDir().resolve(k + ".cu"));
            String ptx = new String(KernelManifest.read(KernelManifest.ptxResource(k)), StandardCharsets.US_ASCII);
            List<String> entries = expectedEntries(src);
            assertFalse(entries.isEmpty(), k + ".cu defines no entry point");
            for (String e : entries) {
                assertTrue(ptx.contains(".entry " + e + "("), k + ".ptx lacks entry " + e);
            }
            total += entries.size();
        }
        assertTrue(total > 80, "expected the full kernel set, found " + total + " entry points");
        // The cast kernels come from a two-level macro: one per (source, destination) dtype pair.
        String ptx = new String(KernelManifest.read(KernelManifest.ptxResource("elementwise")), StandardCharsets.US_ASCII);
        List<String> types = List.of("b8", "u8", "i32", "i64", "f32", "f64", "bf16", "f16");
        for (String from : types) {
            for (String to : types) assertTrue(ptx.contains(".entry copy_" + from + "_" + to + "("), from + "->" + to);
        }
    }

    /**
     * The entry points a source defines: those written out, plus those its macros generate
     * (a macro {@code FOO(N, T)} whose body defines {@code name_##N}, used as {@code FOO(f32, float)}).
     */
    static List<String> expectedEntries(String src) {
        List<String> names = new ArrayList<>();
        Matcher direct = ENTRY_IN_SOURCE.matcher(src);
        while (direct.find()) names.add(direct.group(1));
        Matcher def = MACRO_DEF.matcher(src);
        while (def.find()) {
            List<String> prefixes = ENTRY_IN_MACRO.matcher(def.group(2)).results().map(r -> r.group(1)).toList();
            if (prefixes.isEmpty()) continue;
            Matcher use = Pattern.compile("^" + def.group(1) + "\\((\\w+),", Pattern.MULTILINE).matcher(src);
            while (use.find()) {
                for (String p : prefixes) names.add(p + use.group(1));
            }
        }
        return names;
    }

    @Test
    void entryParserFindsMacroGeneratedKernels() {
        String src = """
                extern "C" __global__ void plain(int n) {}
                #define K(N, T) \\
                    extern "C" __global__ void foo_##N(T x) {} \\
                    extern "C" __global__ void __launch_bounds__(256) bar_##N(T x) {}
                K(f32, float)
                K(f64, double)
                """;
        assertEquals(List.of("plain", "foo_f32", "bar_f32", "foo_f64", "bar_f64"), expectedEntries(src));
    }

    @Test
    void imageChoiceFollowsBinaryCompatibility() {
        var m = new KernelManifest(true, "", "13.0", 80, List.of(80, 86, 89, 90, 100, 120), List.of("gemm"));
        assertEquals(86, m.cubinArchFor(8, 7).orElseThrow());
        assertEquals(89, m.cubinArchFor(8, 9).orElseThrow());
        assertEquals(90, m.cubinArchFor(9, 0).orElseThrow());
        assertEquals(100, m.cubinArchFor(10, 3).orElseThrow());
        assertEquals(120, m.cubinArchFor(12, 1).orElseThrow());
        assertTrue(m.cubinArchFor(11, 0).isEmpty(), "sm_110 has no cubin: the PTX is JIT-compiled");
        var e = assertThrows(IllegalStateException.class, () -> m.image("gemm", 7, 5));
        assertTrue(e.getMessage().contains("7.5"), e.getMessage());
    }
}
