package dev.reel.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The non-tensor arguments of a {@link Fixture}, read with PyTorch's conventions: an argument
 * missing from the JSON takes PyTorch's default (given by the caller), and an int where a tuple
 * is expected is repeated (PyTorch's {@code _pair}, {@code _triple}).
 *
 * <pre>{@code
 * FixtureArgs a = new FixtureArgs(fixture);
 * int[] stride = a.ints("stride", 2, 1);      // 2 -> [2, 2]; missing -> [1, 1]
 * boolean ceil = a.bool("ceil_mode", false);
 * }</pre>
 */
public final class FixtureArgs {

    private final JsonNode args;
    private final Path file;

    public FixtureArgs(Fixture fixture) {
        this.args = fixture.args();
        this.file = fixture.file();
    }

    /** Whether the argument is present and not JSON null. */
    public boolean has(String name) {
        return args.hasNonNull(name);
    }

    /** The raw JSON node (for arguments that may be a string or a tuple, such as conv padding). */
    public JsonNode node(String name) {
        return args.path(name);
    }

    public int integer(String name, int fallback) {
        return has(name) ? requireInt(name, args.get(name)) : fallback;
    }

    public double real(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode n = args.get(name);
        if (!n.isNumber()) {
            throw bad(name, "a number", n);
        }
        return n.asDouble();
    }

    public boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode n = args.get(name);
        if (!n.isBoolean()) {
            throw bad(name, "a boolean", n);
        }
        return n.asBoolean();
    }

    public String string(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode n = args.get(name);
        if (!n.isTextual()) {
            throw bad(name, "a string", n);
        }
        return n.asText();
    }

    /** A tuple of any length (an int counts as a tuple of one), or {@code fallback} when missing. */
    public int[] ints(String name, int[] fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode n = args.get(name);
        if (n.isArray()) {
            int[] v = new int[n.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = requireInt(name, n.get(i));
            }
            return v;
        }
        return new int[] {requireInt(name, n)};
    }

    /** A tuple of exactly {@code rank} ints: an int is repeated, missing gives {@code fallback} repeated. */
    public int[] ints(String name, int rank, int fallback) {
        int[] v = ints(name, (int[]) null);
        if (v == null) {
            v = new int[] {fallback};
        }
        if (v.length == 1 && rank != 1) {
            int[] r = new int[rank];
            Arrays.fill(r, v[0]);
            return r;
        }
        if (v.length != rank) {
            throw bad(name, rank + " values", args.get(name));
        }
        return v;
    }

    /** A tuple of doubles (a number counts as a tuple of one); null when missing. */
    public double[] reals(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode n = args.get(name);
        if (n.isArray()) {
            double[] v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = n.get(i).asDouble();
            }
            return v;
        }
        return new double[] {n.asDouble()};
    }

    private int requireInt(String name, JsonNode n) {
        if (!n.isIntegralNumber()) {
            throw bad(name, "an integer", n);
        }
        return n.asInt();
    }

    private IllegalArgumentException bad(String name, String needed, JsonNode got) {
        return new IllegalArgumentException("fixture " + file.getFileName() + ": argument '" + name
                + "' should be " + needed + ", got " + got);
    }

    @Override
    public String toString() {
        return args.toString();
    }
}
