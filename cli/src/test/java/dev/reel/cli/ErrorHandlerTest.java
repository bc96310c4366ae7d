package dev.reel.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JVM Errors thrown by a command end in the same one-line handler as exceptions (picocli lets them out of execute). */
class ErrorHandlerTest {
    /** A command that throws what its argument names; added to the real reel command for these tests only. */
    @Command(name = "boom")
    static final class Boom implements Runnable {
        @Parameters(index = "0")
        String what;

        @Override
        public void run() {
            Supplier<Throwable> t = switch (what) {
                case "stack" -> StackOverflowError::new;
                case "memory" -> () -> new OutOfMemoryError("Java heap space");
                case "init" -> () -> new ExceptionInInitializerError(new IllegalStateException("the kernel table is broken"));
                case "link" -> () -> new UnsatisfiedLinkError("no avcodec in java.library.path");
                case "assert" -> () -> new AssertionError("an invariant failed");
                default -> () -> new IllegalArgumentException("plain exception");
            };
            Throwable x = t.get();
            if (x instanceof Error e) throw e;
            throw (RuntimeException) x;
        }
    }

    private static CliRunner run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ReelCommand()).addSubcommand("boom", new Boom());
        int code = Main.run(cl, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRunner(code, out.toString(), err.toString());
    }

    @Test
    void errorsAreOneLineWithExitCode1() {
        String[][] cases = {
                {"stack", "reel boom: stack overflow (StackOverflowError)"},
                {"memory", "reel boom: out of memory (Java heap space); raise the heap with REEL_HEAP=8g"},
                {"init", "reel boom: a class failed to initialize: the kernel table is broken"},
                {"link", "reel boom: UnsatisfiedLinkError: no avcodec in java.library.path"},
                {"assert", "reel boom: AssertionError: an invariant failed"},
                {"plain", "reel boom: plain exception"},
        };
        for (String[] c : cases) {
            CliRunner r = run("boom", c[0]);
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith(c[1]), "expected '" + c[1] + "', got: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
            assertEquals("(run again with --verbose for the stack trace)", r.err().strip().lines().skip(1).findFirst().orElse(""), r.err());
        }
    }

    @Test
    void verbosePrintsTheStackTraceOfAnError() {
        CliRunner r = run("boom", "stack", "--verbose");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("reel boom: stack overflow"), r.err());
        assertTrue(r.err().contains("java.lang.StackOverflowError") && r.err().contains("\tat dev.reel.cli.ErrorHandlerTest$Boom.run"), r.err());
    }

    @Test
    void handlerCalledDirectlyUnwrapsPicocliWrappers() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReelCommand());
        int code = Main.fail(new PrintWriter(err, true), "predict",
                new CommandLine.ExecutionException(cl, "Error while running command: java.lang.StackOverflowError", new StackOverflowError()), false);
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("reel predict: stack overflow (StackOverflowError)"), err.toString());
    }
}
