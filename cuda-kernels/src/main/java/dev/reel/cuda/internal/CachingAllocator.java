package dev.reel.cuda.internal;

import dev.reel.cuda.CudaOutOfMemoryException;

import java.util.Comparator;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A caching allocator for device memory, after PyTorch's: {@code cuMemAlloc} and {@code cuMemFree}
 * synchronize the device and cost tens of microseconds, so freed blocks are kept and reused.
 *
 * <p>The scheme:
 * <ul>
 *   <li>Sizes are rounded up to {@link #MIN_BLOCK} (512 bytes) so that every block stays aligned.
 *   <li>Two pools: requests up to {@link #SMALL_REQUEST} (1 MiB) are carved from 2 MiB segments, larger
 *       ones from segments of their own size rounded up to 2 MiB (or 20 MiB for requests under
 *       10 MiB, so that a few mid-sized tensors share a segment).
 *   <li>Best fit: the smallest cached free block that is large enough is taken, and split when
 *       the remainder is worth keeping (at least 512 bytes in the small pool, 1 MiB in the large).
 *   <li>A freed block merges with its free neighbours of the same segment.
 *   <li>When the device has no memory left, every fully free segment is released and the
 *       allocation is retried once; if it still fails, a {@link CudaOutOfMemoryException} reports
 *       the statistics.
 * </ul>
 * All work runs on one stream per device, so a block freed by the host can be reused by the next
 * launch without waiting: the stream orders the old kernels before the new ones.
 *
 * <pre>{@code
 * CachingAllocator alloc = new CachingAllocator(rawDeviceMemory, "cuda:0");
 * CachingAllocator.Block b = alloc.allocate(4096);
 * alloc.free(b);           // cached, not returned to the driver
 * alloc.emptyCache();      // now returned
 * }</pre>
 */
public final class CachingAllocator {
    public static final long MIN_BLOCK = 512;
    public static final long SMALL_REQUEST = 1L << 20;
    static final long SMALL_SEGMENT = 2L << 20;
    static final long MID_REQUEST = 10L << 20;
    static final long LARGE_SEGMENT = 20L << 20;
    static final long SEGMENT_ROUND = 2L << 20;

    /** A piece of a segment; allocated or cached. Neighbours link the pieces of one segment. */
    public static final class Block {
        private final boolean small;
        private long address;
        private long size;
        private boolean allocated;
        private Block prev, next;

        private Block(boolean small, long address, long size) {
            this.small = small;
            this.address = address;
            this.size = size;
        }

        /** Device address of the block's first byte. */
        public long address() { return address; }

        /** Bytes in the block (the request rounded up). */
        public long size() { return size; }

        private boolean wholeSegment() { return prev == null && next == null; }
    }

    /** Memory statistics, as torch.cuda.memory_stats names them. */
    public record Stats(long allocatedBytes, long reservedBytes, long peakAllocatedBytes, long allocations,
                        long segmentsAllocated, long segmentsFreed) {}

    private static final Comparator<Block> BY_SIZE =
            Comparator.comparingLong((Block b) -> b.size).thenComparingLong(b -> b.address);

    private final DeviceMemory raw;
    private final String device;
    private final TreeSet<Block> smallFree = new TreeSet<>(BY_SIZE);
    private final TreeSet<Block> largeFree = new TreeSet<>(BY_SIZE);
    private long allocated, reserved, peak, allocations, segmentsAllocated, segmentsFreed;

    public CachingAllocator(DeviceMemory raw, String device) {
        this.raw = raw;
        this.device = device;
    }

    /** Rounds a request up to a multiple of {@link #MIN_BLOCK} (at least one). */
    static long roundSize(long bytes) {
        return bytes < MIN_BLOCK ? MIN_BLOCK : (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
    }

    /** The size of the segment to ask the driver for when no cached block fits. */
    static long segmentSize(long rounded) {
        if (rounded <= SMALL_REQUEST) return SMALL_SEGMENT;
        if (rounded < MID_REQUEST) return LARGE_SEGMENT;
        return (rounded + SEGMENT_ROUND - 1) / SEGMENT_ROUND * SEGMENT_ROUND;
    }

    /** A block of at least {@code bytes} (>= 0). */
    public synchronized Block allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("CUDA allocator: negative size " + bytes);
        long size = roundSize(bytes);
        boolean small = size <= SMALL_REQUEST;
        TreeSet<Block> pool = small ? smallFree : largeFree;
        Block block = pool.ceiling(probe(size));
        if (block != null) {
            pool.remove(block);
        } else {
            block = newSegment(size, small);
        }
        long remainder = block.size - size;
        if (remainder >= (small ? MIN_BLOCK : SMALL_REQUEST)) {
            // Split: the tail becomes a free block of the same segment.
            Block rest = new Block(small, block.address + size, remainder);
            rest.prev = block;
            rest.next = block.next;
            if (block.next != null) block.next.prev = rest;
            block.next = rest;
            block.size = size;
            pool.add(rest);
        }
        block.allocated = true;
        allocated += block.size;
        peak = Math.max(peak, allocated);
        allocations++;
        return block;
    }

    private static Block probe(long size) {
        return new Block(false, Long.MIN_VALUE, size);
    }

    private Block newSegment(long size, boolean small) {
        long segment = segmentSize(size);
        long address = raw.allocate(segment);
        if (address == 0) {
            // Out of memory: give back what the cache holds and try once more.
            emptyCache();
            address = raw.allocate(segment);
        }
        if (address == 0) {
            throw new CudaOutOfMemoryException(String.format(Locale.ROOT,
                    "CUDA out of memory on %s: tried to allocate %s (a %s segment); %s allocated by tensors, "
                            + "%s reserved by the caching allocator after releasing every unused cached segment; "
                            + "peak allocated %s", device, human(size), human(segment), human(allocated),
                    human(reserved), human(peak)));
        }
        reserved += segment;
        segmentsAllocated++;
        return new Block(small, address, segment);
    }

    /** Returns a block to the cache; it merges with free neighbours of its segment. */
    public synchronized void free(Block block) {
        if (!block.allocated) {
            throw new IllegalStateException("CUDA allocator: block at 0x" + Long.toHexString(block.address)
                    + " freed twice");
        }
        block.allocated = false;
        allocated -= block.size;
        TreeSet<Block> pool = block.small ? smallFree : largeFree;
        Block merged = block;
        if (merged.prev != null && !merged.prev.allocated) {
            Block p = merged.prev;
            pool.remove(p);
            p.size += merged.size;
            p.next = merged.next;
            if (merged.next != null) merged.next.prev = p;
            merged = p;
        }
        if (merged.next != null && !merged.next.allocated) {
            Block n = merged.next;
            pool.remove(n);
            merged.size += n.size;
            merged.next = n.next;
            if (n.next != null) n.next.prev = merged;
        }
        pool.add(merged);
    }

    /** Releases every cached segment that holds no allocated block; as torch.cuda.empty_cache(). */
    public synchronized void emptyCache() {
        for (TreeSet<Block> pool : java.util.List.of(smallFree, largeFree)) {
            var it = pool.iterator();
            while (it.hasNext()) {
                Block b = it.next();
                if (b.wholeSegment()) {
                    it.remove();
                    raw.free(b.address);
                    reserved -= b.size;
                    segmentsFreed++;
                }
            }
        }
    }

    /** Bytes held by live blocks (torch.cuda.memory_allocated). */
    public synchronized long memoryAllocated() { return allocated; }

    /** Bytes obtained from the driver, live or cached (torch.cuda.memory_reserved). */
    public synchronized long memoryReserved() { return reserved; }

    public synchronized Stats stats() {
        return new Stats(allocated, reserved, peak, allocations, segmentsAllocated, segmentsFreed);
    }

    /** Forgets the peak, as torch.cuda.reset_peak_memory_stats(). */
    public synchronized void resetPeak() { peak = allocated; }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
