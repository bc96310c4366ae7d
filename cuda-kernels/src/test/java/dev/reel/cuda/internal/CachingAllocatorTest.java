package dev.reel.cuda.internal;

import dev.reel.cuda.CudaOutOfMemoryException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's bookkeeping, on a fake device that hands out address ranges. */
class CachingAllocatorTest {
    /** A device of {@code capacity} bytes that records every raw allocation. */
    static final class FakeDevice implements DeviceMemory {
        final long capacity;
        long used, next = 1L << 32, rawAllocs, rawFrees;
        final Map<Long, Long> live = new HashMap<>();

        FakeDevice(long capacity) { this.capacity = capacity; }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) return 0;
            long a = next;
            next += bytes + 4096;  // gaps: segments are never adjacent
            used += bytes;
            live.put(a, bytes);
            rawAllocs++;
            return a;
        }

        @Override
        public void free(long address) {
            Long size = live.remove(address);
            if (size == null) throw new AssertionError("freeing unknown address " + address);
            used -= size;
            rawFrees++;
        }
    }

    private static final long MIB = 1L << 20;

    @Test
    void roundsToHalfKilobyteAndPicksSegmentSizes() {
        assertEquals(512, CachingAllocator.roundSize(0));
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(2 * MIB, CachingAllocator.segmentSize(MIB));
        assertEquals(20 * MIB, CachingAllocator.segmentSize(MIB + 512));
        assertEquals(12 * MIB, CachingAllocator.segmentSize(11 * MIB));
        assertEquals(12 * MIB, CachingAllocator.segmentSize(10 * MIB + 512));
    }

    @Test
    void smallBlocksShareOneSegmentAndAreReused() {
        FakeDevice dev = new FakeDevice(64 * MIB);
        CachingAllocator a = new CachingAllocator(dev, "cuda:0");
        var b1 = a.allocate(1000);
        var b2 = a.allocate(1000);
        assertEquals(1, dev.rawAllocs, "both come from one 2 MiB segment");
        assertEquals(b1.address() + 1024, b2.address(), "the second is split off the first's segment");
        assertEquals(2048, a.memoryAllocated());
        assertEquals(2 * MIB, a.memoryReserved());
        a.free(b1);
        var b3 = a.allocate(700);
        assertEquals(b1.address(), b3.address(), "best fit reuses the freed 1 KiB block");
        assertEquals(1, dev.rawAllocs);
    }

    @Test
    void freedNeighboursMergeAndEmptyCacheReleasesWholeSegments() {
        FakeDevice dev = new FakeDevice(64 * MIB);
        CachingAllocator a = new CachingAllocator(dev, "cuda:0");
        var x = a.allocate(4096);
        var y = a.allocate(4096);
        var z = a.allocate(4096);
        a.free(x);
        a.free(z);
        a.emptyCache();
        assertEquals(0, dev.rawFrees, "y still lives in the segment");
        a.free(y);
        assertEquals(0, a.memoryAllocated());
        // After merging, the whole 2 MiB is one free block again: a 1 MiB request needs no new segment.
        var whole = a.allocate(MIB);
        assertEquals(x.address(), whole.address());
        assertEquals(1, dev.rawAllocs);
        a.free(whole);
        a.emptyCache();
        assertEquals(1, dev.rawFrees);
        assertEquals(0, a.memoryReserved());
        assertEquals(0, dev.used);
    }

    @Test
    void largeRequestsSplitOnlyWhenTheRestIsWorthIt() {
        FakeDevice dev = new FakeDevice(256 * MIB);
        CachingAllocator a = new CachingAllocator(dev, "cuda:0");
        var big = a.allocate(30 * MIB);
        assertEquals(30 * MIB, a.memoryReserved());
        a.free(big);
        var part = a.allocate(20 * MIB);
        assertEquals(big.address(), part.address());
        assertEquals(20 * MIB, part.size(), "10 MiB remainder split off");
        var rest = a.allocate(9 * MIB + 700 * 1024);
        assertEquals(big.address() + 20 * MIB, rest.address(), "the split-off rest serves the next request");
        assertEquals(10 * MIB, rest.size(), "a remainder under 1 MiB stays with the block");
        assertEquals(1, dev.rawAllocs);
    }

    @Test
    void outOfMemoryReleasesTheCacheThenReportsStatistics() {
        FakeDevice dev = new FakeDevice(40 * MIB);
        CachingAllocator a = new CachingAllocator(dev, "cuda:0");
        var keep = a.allocate(12 * MIB);
        var cached = a.allocate(20 * MIB);
        a.free(cached);
        // 12 + 20 reserved; a 24 MiB request fits only once the cached 20 MiB segment is released.
        var fits = a.allocate(24 * MIB);
        assertEquals(1, dev.rawFrees);
        assertEquals(36 * MIB, a.memoryReserved());
        var e = assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(16 * MIB));
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
        assertTrue(e.getMessage().contains("16.00 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("36.00 MiB allocated"), e.getMessage());
        assertTrue(e.getMessage().contains("36.00 MiB reserved"), e.getMessage());
        a.free(keep);
        a.free(fits);
    }

    @Test
    void doubleFreeIsAnError() {
        CachingAllocator a = new CachingAllocator(new FakeDevice(8 * MIB), "cuda:0");
        var b = a.allocate(100);
        a.free(b);
        var e = assertThrows(IllegalStateException.class, () -> a.free(b));
        assertTrue(e.getMessage().contains("freed twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
    }

    @Test
    void randomWorkloadKeepsBlocksDisjointAndStatsExact() {
        FakeDevice dev = new FakeDevice(1L << 40);
        CachingAllocator a = new CachingAllocator(dev, "cuda:0");
        Random rnd = new Random(42);
        List<CachingAllocator.Block> live = new ArrayList<>();
        long expected = 0;
        for (int step = 0; step < 5000; step++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                long size = rnd.nextBoolean() ? rnd.nextInt(1 << 16) : rnd.nextInt(40 << 20);
                var b = a.allocate(size);
                assertTrue(b.size() >= size);
                live.add(b);
                expected += b.size();
            } else {
                var b = live.remove(rnd.nextInt(live.size()));
                expected -= b.size();
                a.free(b);
            }
            assertEquals(expected, a.memoryAllocated());
            assertTrue(a.memoryReserved() >= a.memoryAllocated());
        }
        // No two live blocks overlap.
        live.sort((p, q) -> Long.compare(p.address(), q.address()));
        for (int i = 1; i < live.size(); i++) {
            assertTrue(live.get(i - 1).address() + live.get(i - 1).size() <= live.get(i).address());
        }
        for (var b : live) a.free(b);
        a.emptyCache();
        assertEquals(0, a.memoryReserved());
        assertEquals(0, dev.used, "every segment went back to the device");
        assertNotEquals(0, a.stats().peakAllocatedBytes());
    }
}
