package dev.reel.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial pages quote their example's code; a quote that no longer matches the code teaches
 * something that is not there. Every line of a page's {@code java} blocks must be a line of the
 * example the page names in its header (or of another source of the examples that the page links
 * to, such as a helper it explains), and every link from a page into the sources must lead to
 * a file.
 */
class TutorialExcerptsTest {
    /** The pages checked; a page joins the list once it has the "Example: [`Name.java`](path)" header. */
    private static final List<String> PAGES = List.of(
            "01-tensors-and-autograd.md", "02-image-cnn.md", "03-sequences-lstm.md", "04-audio-conv1d.md",
            "05-attention.md", "06-video-cnn-lstm.md", "07-gan.md", "08-vae.md");
    private static final Pattern HEADER = Pattern.compile("Example: \\[`(\\w+)\\.java`]\\(([^)]+)\\)");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SOURCE_LINK = Pattern.compile("\\]\\((\\.\\./\\.\\./[^)#]+)\\)");

    private static final Path TUTORIALS = Path.of("").toAbsolutePath().getParent().resolve("docs/tutorials");   // tests run in examples/

    @Test
    void quotedLinesAreLinesOfTheExample() throws IOException {
        List<String> stale = new ArrayList<>();
        int quoted = 0;
        for (String page : PAGES) {
            String text = Files.readString(TUTORIALS.resolve(page));
            Matcher header = HEADER.matcher(text);
            assertTrue(header.find(), page + " has no 'Example: [`Name.java`](path)' header");
            Path example = TUTORIALS.resolve(header.group(2)).normalize();
            Set<String> lines = Files.readAllLines(example).stream().map(String::strip).collect(Collectors.toSet());
            Matcher link = SOURCE_LINK.matcher(text);
            while (link.find()) {
                Path linked = TUTORIALS.resolve(link.group(1)).normalize();
                if (linked.startsWith(example.getParent()) && Files.isRegularFile(linked)) {
                    Files.readAllLines(linked).forEach(l -> lines.add(l.strip()));
                }
            }
            Matcher block = JAVA_BLOCK.matcher(text);
            while (block.find()) {
                for (String line : block.group(1).split("\n")) {
                    if (line.isBlank()) continue;
                    quoted++;
                    if (!lines.contains(line.strip())) stale.add(page + ": " + line.strip());
                }
            }
        }
        assertTrue(quoted > 50, "expected the pages to quote their examples, found " + quoted + " lines");
        assertTrue(stale.isEmpty(), stale.size() + " quoted lines are not in the examples any more:\n" + String.join("\n", stale));
    }

    @Test
    void linksIntoTheSourcesLeadToFiles() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (String page : PAGES) {
            Matcher link = SOURCE_LINK.matcher(Files.readString(TUTORIALS.resolve(page)));
            while (link.find()) {
                links++;
                if (!Files.isRegularFile(TUTORIALS.resolve(link.group(1)).normalize())) broken.add(page + ": " + link.group(1));
            }
        }
        assertTrue(links > 30, "expected links into the sources, found " + links);
        assertTrue(broken.isEmpty(), "links to missing files:\n" + String.join("\n", broken));
    }
}
