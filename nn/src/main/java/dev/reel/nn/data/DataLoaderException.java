package dev.reel.nn.data;

/**
 * A sample could not be loaded: names the dataset index and, when the dataset says, the file.
 * The original exception is the cause.
 *
 * <pre>{@code
 * try { for (Batch b : loader) train(b); }
 * catch (DataLoaderException e) { System.err.println(e.index() + " " + e.source()); }
 * }</pre>
 */
public final class DataLoaderException extends RuntimeException {
    private final int index;
    private final String source;

    public DataLoaderException(int index, String source, Throwable cause) {
        super("DataLoader: sample " + index + (source == null ? "" : " (" + source + ")") + " failed: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        this.index = index;
        this.source = source;
    }

    /** The dataset index of the sample that failed. */
    public int index() { return index; }

    /** Its file, or null when the dataset did not say. */
    public String source() { return source; }
}
