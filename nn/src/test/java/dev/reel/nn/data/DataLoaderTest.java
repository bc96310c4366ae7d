package dev.reel.nn.data;

import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    /** Sample i: input [2] = (i, -i), label i mod 3. */
    private static Dataset<Example> numbers(int n) {
        return Dataset.of(n, i -> Example.of(Tensor.fromArray(new float[] {i, -i}), i % 3));
    }

    private static List<int[]> epoch(DataLoader<Example, Batch> l) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : l) {
            float[] x = b.input().toFloatArray();
            int[] idx = new int[b.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (int) x[2 * i];
                assertEquals(idx[i], b.indices()[i], "indices() names the rows");
                assertEquals(idx[i] % 3, b.target().toLongArray()[i]);
            }
            out.add(idx);
        }
        return out;
    }

    @Test
    void sequentialBatchesKeepTheLastPartialOneUnlessDropLast() {
        var keep = DataLoader.builder(numbers(10)).batchSize(4).build();
        assertEquals(3, keep.numBatches());
        List<int[]> b = epoch(keep);
        assertArrayEquals(new int[] {0, 1, 2, 3}, b.get(0));
        assertArrayEquals(new int[] {8, 9}, b.get(2));
        var drop = DataLoader.builder(numbers(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, drop.numBatches());
        assertEquals(2, epoch(drop).size());
        assertArrayEquals(new int[] {4, 2}, keep.iterator().next().input().shape());
    }

    @Test
    void shuffleIsSeededPerEpochAndIndependentOfWorkers() {
        var a = DataLoader.builder(numbers(50)).batchSize(8).shuffle(true).seed(7).build();
        var b = DataLoader.builder(numbers(50)).batchSize(8).shuffle(true).seed(7).workers(3).prefetch(2).build();
        List<int[]> a0 = epoch(a), a1 = epoch(a), b0 = epoch(b), b1 = epoch(b);
        assertEquals(flat(a0), flat(b0));
        assertEquals(flat(a1), flat(b1));
        assertNotEquals(flat(a0), flat(a1), "a new order each epoch");
        assertEquals(new HashSet<>(flat(a0)), new HashSet<>(flat(a1)), "each epoch visits every sample once");
        assertEquals(50, new HashSet<>(flat(a0)).size());
        a.setEpoch(1);
        assertEquals(flat(a1), flat(epoch(a)), "setEpoch replays an epoch");
        var other = DataLoader.builder(numbers(50)).batchSize(8).shuffle(true).seed(8).build();
        assertNotEquals(flat(a0), flat(epoch(other)));
        b.close();
    }

    @Test
    void resumingMidEpochSkipsTheFirstBatches() {
        var l = DataLoader.builder(numbers(30)).batchSize(4).shuffle(true).seed(3).workers(2).build();
        l.setEpoch(5);
        List<int[]> full = epoch(l);
        l.setEpoch(5);
        List<int[]> tail = new ArrayList<>();
        var it = l.iterator(3);
        while (it.hasNext()) tail.add(it.next().indices());
        assertEquals(flat(full.subList(3, full.size())), flat(tail));
        l.close();
    }

    @Test
    void workerExceptionNamesIndexAndFile() {
        Dataset<Example> broken = new Dataset<>() {
            public int size() { return 20; }

            public Example get(int i) {
                if (i == 13) throw new IllegalStateException("truncated frame 4");
                return Example.of(Tensor.zeros(2), 0);
            }

            @Override
            public String sourceOf(int i) { return "videos/clip_" + i + ".avi"; }
        };
        for (int workers : new int[] {0, 2}) {
            var l = DataLoader.builder(broken).batchSize(4).workers(workers).build();
            var e = assertThrows(DataLoaderException.class, () -> { for (Batch b : l) assertEquals(4, b.size()); });
            assertEquals(13, e.index());
            assertEquals("DataLoader: sample 13 (videos/clip_13.avi) failed: truncated frame 4", e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException);
            l.close();
        }
    }

    @Test
    void mismatchedShapesSayWhichSamples() {
        Dataset<Example> ragged = Dataset.of(4, i -> Example.of(Tensor.zeros(i < 2 ? 3 : 5), 0));
        var e = assertThrows(IllegalArgumentException.class, () -> epoch(DataLoader.builder(ragged).batchSize(4).build()));
        assertTrue(e.getMessage().contains("sample 2 has input shape [5] but sample 0 has [3]"), e.getMessage());
    }

    @Test
    void weightedSamplerFollowsTheWeights() {
        double[] w = {0, 1, 3};
        int[] draws = Samplers.weighted(w, 4000, true, 1).indices(0);
        int[] count = new int[3];
        for (int d : draws) count[d]++;
        assertEquals(0, count[0], "zero weight is never drawn");
        assertEquals(0.75, count[2] / 4000.0, 0.03);
        int[] noRepl = Samplers.weighted(new double[] {1, 5, 0, 2}, 3, false, 9).indices(2);
        assertEquals(3, Arrays.stream(noRepl).distinct().count());
        assertFalse(Arrays.stream(noRepl).anyMatch(i -> i == 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Samplers.weighted(new double[] {1, 0}, 2, false, 0));
        assertTrue(e.getMessage().contains("without replacement from 1 indices"), e.getMessage());
    }

    @Test
    void distributedReplicasShareOnePermutation() {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int r = 0; r < 3; r++) {
            int[] part = Samplers.distributed(10, 3, r, true, 5).indices(4);
            assertEquals(4, part.length, "10 samples over 3 replicas: 4 each, padded");
            for (int i : part) seen.add(i);
            total += part.length;
        }
        assertEquals(12, total);
        assertEquals(10, seen.size());
    }

    private static List<Integer> flat(List<int[]> batches) {
        List<Integer> out = new ArrayList<>();
        for (int[] b : batches) for (int i : b) out.add(i);
        return out;
    }
}
