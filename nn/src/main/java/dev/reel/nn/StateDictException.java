package dev.reel.nn;

import java.util.List;

/**
 * A state dict that does not fit a module: every missing key, unexpected key and shape mismatch
 * in one message, as PyTorch's {@code load_state_dict} reports them.
 *
 * <pre>{@code
 * try { model.loadStateDict(state); }
 * catch (StateDictException e) { e.missingKeys(); e.unexpectedKeys(); e.shapeMismatches(); }
 * }</pre>
 */
public final class StateDictException extends IllegalArgumentException {
    private final List<String> missingKeys;
    private final List<String> unexpectedKeys;
    private final List<String> shapeMismatches;

    public StateDictException(String module, List<String> missingKeys, List<String> unexpectedKeys,
                              List<String> shapeMismatches) {
        super(message(module, missingKeys, unexpectedKeys, shapeMismatches));
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
        this.shapeMismatches = List.copyOf(shapeMismatches);
    }

    private static String message(String module, List<String> missing, List<String> unexpected, List<String> shapes) {
        StringBuilder sb = new StringBuilder("Error(s) in loading state dict for ").append(module).append(':');
        if (!missing.isEmpty()) sb.append("\n  Missing key(s): ").append(String.join(", ", missing));
        if (!unexpected.isEmpty()) sb.append("\n  Unexpected key(s): ").append(String.join(", ", unexpected));
        for (String s : shapes) sb.append("\n  Size mismatch for ").append(s);
        return sb.toString();
    }

    public List<String> missingKeys() { return missingKeys; }

    public List<String> unexpectedKeys() { return unexpectedKeys; }

    /** One line per key: the key, the checkpoint's shape and the model's. */
    public List<String> shapeMismatches() { return shapeMismatches; }
}
