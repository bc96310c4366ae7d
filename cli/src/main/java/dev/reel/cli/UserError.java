package dev.reel.cli;

/**
 * A problem the user can fix (a missing file, a dataset with one class, a checkpoint of another
 * model): printed as one line saying what is wrong and what to do, without a stack trace.
 *
 * <pre>{@code
 * if (!Files.exists(p)) throw new UserError(p + " does not exist; pass a checkpoint written by reel train");
 * }</pre>
 */
public final class UserError extends RuntimeException {
    public UserError(String message) { super(message); }

    public UserError(String message, Throwable cause) { super(message, cause); }
}
