package dev.reel.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuStorage;
import dev.reel.engine.ops.TensorFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a safetensors file atomically: everything goes to a temporary file in the same folder,
 * which is flushed to disk (fsync) and then renamed over the target in one step, so a crash
 * mid-save leaves either the old file or the new one, never a torn one.
 */
final class SafeTensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensorsWriter() {}

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        byte[] header = header(target, tensors, metadata);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // a fresh name opened with CREATE_NEW: unlike createTempFile it gets the usual permissions (umask)
            Path candidate = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(System.nanoTime() ^ Thread.currentThread().threadId()) + ".tmp");
            FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            tmp = candidate;   // ours from here on: deleted if the save fails
            try (FileChannel ch = channel) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                for (Tensor t : tensors.values()) writeFully(ch, bytes(t));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CheckpointException(file, null, "the file system cannot rename atomically; not saved", e);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new CheckpointException(file, null, "cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the save already failed; the error above says why
                }
            }
        }
    }

    /** JSON header, metadata first, tensors in the map's order, padded with spaces to 8 bytes. */
    private static byte[] header(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new CheckpointException(file, e.getKey(), "a tensor cannot be named __metadata__");
            }
            Tensor t = e.getValue();
            ObjectNode entry = root.putObject(e.getKey());
            entry.put("dtype", SafeTensorsDType.of(t.dtype()).name());
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long bytes = (long) t.numel() * t.dtype().itemSize();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, null, "cannot encode the header: " + e.getMessage(), e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    /** The little-endian bytes of a tensor in row-major order. */
    private static ByteBuffer bytes(Tensor t) {
        CpuStorage s = TensorFormat.hostContiguous(t);
        int n = t.numel();
        ByteBuffer b = ByteBuffer.allocate(n * t.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().put(s.f32(), 0, n);
            case F64 -> b.asDoubleBuffer().put(s.f64(), 0, n);
            case I64 -> b.asLongBuffer().put(s.i64(), 0, n);
            case I32 -> b.asIntBuffer().put(s.i32(), 0, n);
            case U8, BOOL -> b.put(s.u8(), 0, n).flip();
            case BF16, F16 -> b.asShortBuffer().put(s.bits16(), 0, n);
        }
        return b.position(0).limit(n * t.dtype().itemSize());
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** Makes the rename itself durable (Linux; where a folder cannot be opened the rename stands). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open or sync a directory; the file itself is already on disk
        }
    }
}
