package dev.reel.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Bytes to a PrintWriter (UTF-8), so PrintStream-based loggers print through picocli's writer. */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter out;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterOutputStream(PrintWriter out) { this.out = out; }

    @Override
    public synchronized void write(int b) { pending.write(b); }

    @Override
    public synchronized void write(byte[] b, int off, int len) { pending.write(b, off, len); }

    @Override
    public synchronized void flush() {
        out.write(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
        out.flush();
    }
}
