package dev.reel.nn.io;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be read or written: the message names the file, the tensor (when one
 * is at fault) and what was wrong.
 *
 * <pre>{@code
 * try { SafeTensors.load(path); }
 * catch (CheckpointException e) { System.err.println(e.getMessage()); }  // "model.safetensors: tensor 'fc.weight': ..."
 * }</pre>
 */
public final class CheckpointException extends RuntimeException {
    private final Path file;
    private final String tensor;

    public CheckpointException(Path file, String tensor, String problem) { this(file, tensor, problem, null); }

    public CheckpointException(Path file, String tensor, String problem, Throwable cause) {
        super(file + ": " + (tensor != null ? "tensor '" + tensor + "': " : "") + problem, cause);
        this.file = file;
        this.tensor = tensor;
    }

    public Path file() { return file; }

    /** The tensor at fault, or null when the problem is the file as a whole. */
    public String tensor() { return tensor; }
}
