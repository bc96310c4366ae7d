package dev.reel.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public type in every module's main sources carries a Javadoc comment: the API is read by
 * students, so an undocumented public class is a defect the build reports.
 */
class ApiDocsTest {
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|static|strictfp)\\s+)*(?:class|interface|record|enum|@interface)\\s+\\w+.*");
    private static final List<String> MODULES = List.of("engine", "nn", "video-io", "cuda-kernels", "bench", "cli", "examples");

    @Test
    void everyPublicTypeHasJavadoc() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();   // tests run in examples/
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String module : MODULES) {
            Path src = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "no sources at " + src);
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals("module-info.java") || name.equals("package-info.java")) continue;
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (!PUBLIC_TYPE.matcher(lines.get(i)).matches()) continue;
                        checked++;
                        if (!documented(lines, i)) missing.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(checked > 300, "expected hundreds of public types, found " + checked);
        assertTrue(missing.isEmpty(), missing.size() + " public types without Javadoc:\n" + String.join("\n", missing));
    }

    /** Walks up over annotations (possibly spanning lines) to the end of a Javadoc comment. */
    private static boolean documented(List<String> lines, int declaration) {
        int depth = 0;   // parentheses still open when reading upwards through a multi-line annotation
        for (int j = declaration - 1; j >= 0; j--) {
            String l = lines.get(j).strip();
            if (depth == 0 && l.endsWith("*/")) {
                // the comment must be a Javadoc one: find its start
                for (int k = j; k >= 0; k--) {
                    String c = lines.get(k).strip();
                    if (c.startsWith("/**")) return true;
                    if (c.startsWith("/*")) return false;
                }
                return false;
            }
            for (char ch : l.toCharArray()) {
                if (ch == ')') depth++;
                else if (ch == '(') depth--;
            }
            if (depth > 0 || l.startsWith("@") || l.isEmpty() && depth > 0) continue;
            if (depth == 0 && !l.startsWith("@") && !l.endsWith(")") && !l.endsWith(",")) return false;
        }
        return false;
    }
}
