package dev.reel.nn.io;

import dev.reel.engine.Tensor;
import dev.reel.nn.Module;
import java.nio.file.Path;
import java.util.Map;

/**
 * The safetensors checkpoint format (as Hugging Face's {@code safetensors}): read with the data
 * memory-mapped, written atomically. Dtypes F64, F32, F16, BF16, I64, I32, U8 and BOOL round-trip
 * under PyTorch's codes (a BF16 tensor is written as {@code "BF16"} and loads as BF16). A malformed or hostile file is a
 * {@link CheckpointException} naming the file and the tensor, never a crash or a huge allocation.
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), model.stateDict(), Map.of("epoch", "12"));
 * var c = SafeTensors.load(Path.of("model.safetensors"));
 * model.loadStateDict(c.tensors());
 * c.metadata().get("epoch");   // "12"
 * }</pre>
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** What a file holds: tensors in header order, and the {@code __metadata__} strings. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(tensors);
            metadata = java.util.Collections.unmodifiableMap(metadata);
        }

        /** The tensor called {@code name}; an error naming the missing tensor if absent. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw new IllegalArgumentException("safetensors: no tensor '" + name + "' (has " + tensors.keySet() + ")");
            return t;
        }
    }

    /** Reads and validates a whole file. */
    public static Contents load(Path file) { return SafeTensorsReader.read(file); }

    /** Writes tensors (in the map's order) and metadata (may be null); replaces the file atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    public static void save(Path file, Map<String, Tensor> tensors) { save(file, tensors, null); }

    /** Saves a module's state dict. */
    public static void save(Path file, Module module) { save(file, module.stateDict(), null); }

    /** Loads a file into a module (strict: every key must match); returns the file's metadata. */
    public static Map<String, String> loadInto(Module module, Path file, boolean strict) {
        Contents c = load(file);
        module.loadStateDict(c.tensors(), strict);
        return c.metadata();
    }
}
