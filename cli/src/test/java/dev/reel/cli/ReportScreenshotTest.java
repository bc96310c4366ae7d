package dev.reel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders a run's report.html in headless Chromium and checks the screenshot (kept as
 * {@code target/report-screenshot.png}): the page must load from the file alone (it is
 * self-contained) and draw its charts, heat map and clip strip. Skipped
 * where no Chromium is installed ({@code apt-get install chromium}); {@code -Dreel.chromium=PATH}
 * names another binary.
 */
class ReportScreenshotTest {
    private static final int WIDTH = 1280, HEIGHT = 2000;
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private static Path chromium() {
        String named = System.getProperty("reel.chromium");
        for (String c : named != null ? List.of(named) : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        return null;
    }

    @Test
    void reportRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "no Chromium binary at " + (System.getProperty("reel.chromium") != null
                ? System.getProperty("reel.chromium") : String.join(", ", CANDIDATES)) + ": report.html is not rendered");
        Path report = TinyRun.get().run.resolve("report.html");
        // Kept in target/ so that a person can look at it after the build.
        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);

        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--screenshot=" + png,
                "--window-size=" + WIDTH + "," + HEIGHT, report.toUri().toString()));
        // Chromium refuses to start as root unless its sandbox is off; the page is our own local file.
        if ("root".equals(System.getProperty("user.name"))) cmd.add(1, "--no-sandbox");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("headless Chromium did not finish within 60 s: " + log(dir));
        }
        assertEquals(0, p.exitValue(), "chromium exit code; its output: " + log(dir));
        assertTrue(Files.isRegularFile(png), "no screenshot written; chromium said: " + log(dir));

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is not a readable PNG");
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());

        // The four charts fill the top of the page: their lines in the train and validation colours.
        int train = count(img, 0, 0, WIDTH, 800, 0x1f77b4), val = count(img, 0, 0, WIDTH, 800, 0xff7f0e);
        assertTrue(train > 300, "train-coloured chart pixels: " + train);
        assertTrue(val > 100, "validation-coloured chart pixels: " + val);
        // The clip strip and the heat map add many colours; a blank or text-only page has a few dozen.
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) nonWhite++;
            }
        }
        assertTrue(colours.size() > 1000, "distinct colours: " + colours.size());
        assertTrue(nonWhite > WIDTH * HEIGHT / 50, "non-white pixels: " + nonWhite);
    }

    private static int count(BufferedImage img, int x0, int y0, int x1, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }

    private static String log(Path dir) throws IOException {
        Path f = dir.resolve("chromium.log");
        return Files.exists(f) ? Files.readString(f).lines().filter(l -> !l.contains("dbus")).limit(20).reduce("", (a, b) -> a + "\n" + b) : "(no output)";
    }
}
