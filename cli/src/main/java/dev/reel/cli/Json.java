package dev.reel.cli;

import java.util.Locale;

/**
 * The two JSON literals the commands write by hand: strings (escaped per RFC 8259) and numbers
 * (non-finite values become {@code null}, which JSON has no number for).
 *
 * <pre>{@code
 * "{\"file\": " + Json.str(path.toString()) + ", \"p\": " + Json.num(0.25) + "}"
 * }</pre>
 */
final class Json {
    private Json() {}

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Shortest repr that reads back to the same double. */
    static String num(double v) { return Double.isFinite(v) ? Double.toString(v) : "null"; }
}
