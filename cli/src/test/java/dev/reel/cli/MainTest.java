package dev.reel.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void infoPrintsJavaVectorThreadsCudaAndFfmpeg() {
        CliRunner r = CliRunner.run("info");
        assertEquals(0, r.code(), r.err());
        for (String key : new String[] {"java:", "vector:", "threads:", "cuda:", "ffmpeg:"}) {
            assertTrue(r.out().contains(key), "missing " + key + " in\n" + r.out());
        }
        assertTrue(r.out().contains(Runtime.version().toString()));
    }

    @Test
    void unknownOptionIsOneLineAndExitCode2() {
        CliRunner r = CliRunner.run("info", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("reel info: Unknown option: '--bogus'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose:\n" + r.err());
    }

    @Test
    void unknownCommandNamesIt() {
        CliRunner r = CliRunner.run("trian");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("trian"), r.err());
    }

    @Test
    void noCommandSaysWhatIsMissing() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing a command"), r.err());
    }

    @Test
    void helpOfEveryCommandPrintsWithoutPicocliWarnings() {
        // picocli reports a bad format string in a description on System.err, not on the command's writers.
        java.io.PrintStream saved = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String[] args : new String[][] {{"--help"}, {"info", "--help"}, {"train", "--help"},
                    {"eval", "--help"}, {"predict", "--help"}, {"bench", "--help"}}) {
                CliRunner r = CliRunner.run(args);
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.out().contains("Usage: reel"), r.out());
                assertFalse(r.out().contains("%n"), "unformatted description in\n" + r.out());
            }
        } finally {
            System.setErr(saved);
        }
        assertFalse(captured.toString().contains("picocli WARN"), captured.toString());
    }

    @Test
    void describeFollowsCausesAndNamesJdkFileErrors() {
        assertEquals("no such file: x.bin", Main.describe(new RuntimeException(new java.nio.file.NoSuchFileException("x.bin"))));
        assertEquals("bad", Main.describe(new UserError("bad")));
    }
}
