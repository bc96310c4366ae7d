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
    void describeFollowsCausesAndNamesJdkFileErrors() {
        assertEquals("no such file: x.bin", Main.describe(new RuntimeException(new java.nio.file.NoSuchFileException("x.bin"))));
        assertEquals("bad", Main.describe(new UserError("bad")));
    }
}
