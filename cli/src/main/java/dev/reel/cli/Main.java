package dev.reel.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * Entry point of the {@code reel} command. Errors are one line on stderr and a non-zero exit code:
 * 2 for bad arguments (picocli's convention), 1 for anything that fails while running; the stack
 * trace is printed only with {@code --verbose}.
 *
 * <pre>{@code
 * int code = Main.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), "info");
 * }</pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(new CommandLine(new ReelCommand()), out, err, args);
    }

    /** Runs {@code args} on {@code cl} (the reel command, or one with extra test commands) with reel's error handling. */
    static int run(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println(c.getCommandName().equals("reel") ? "reel: " + ex.getMessage() : "reel " + c.getCommandName() + ": " + ex.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> fail(err, c.getCommandName(), ex, verbose));
        int code;
        try {
            code = cl.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler above: an Error (stack overflow, out of
            // memory, a failed static initializer or native library) leaves execute() and ends here.
            code = fail(err, commandName(cl), e, verbose);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The last-resort handler: one line naming the command and the problem (the stack trace with --verbose); exit code 1. */
    static int fail(PrintWriter err, String command, Throwable ex, boolean verbose) {
        // picocli may wrap what a command threw; the wrapper's message only repeats the cause.
        Throwable t = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        err.println("reel " + command + ": " + describe(t));
        if (verbose) t.printStackTrace(err);
        else if (!(t instanceof UserError)) err.println("(run again with --verbose for the stack trace)");
        err.flush();
        return 1;
    }

    /** The name of the innermost (sub)command that was parsed, or "reel". */
    private static String commandName(CommandLine cl) {
        CommandLine.ParseResult pr = cl.getParseResult();
        if (pr == null) return cl.getCommandName();
        while (pr.hasSubcommand()) pr = pr.subcommand();
        return pr.commandSpec().name();
    }

    /** The message of an exception, following causes when the outer one says nothing useful. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        // new RuntimeException(cause) carries cause.toString() as its message: look through it.
        while (t.getCause() != null && !(t instanceof ExceptionInInitializerError)
                && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) t = t.getCause();
        String msg = t.getMessage();
        if (t instanceof UserError) return msg;
        String kind = t.getClass().getSimpleName();
        if (t instanceof StackOverflowError) return "stack overflow (StackOverflowError): a recursion too deep for the thread's stack";
        if (t instanceof ExceptionInInitializerError e && e.getCause() != null) return "a class failed to initialize: " + describe(e.getCause());
        if (msg == null || msg.isBlank()) return kind;
        // Our own exceptions already read as sentences; name the JDK ones that carry bare paths.
        if (t instanceof java.nio.file.NoSuchFileException) return "no such file: " + msg;
        if (t instanceof java.nio.file.AccessDeniedException) return "permission denied: " + msg;
        if (t instanceof OutOfMemoryError) return "out of memory (" + msg + "); raise the heap with REEL_HEAP=8g or use a smaller --batch";
        if (t instanceof Error) return kind + ": " + msg;
        return msg;
    }
}
