package dev.reel.cli;

import dev.reel.engine.Tensor;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunReportTest {
    @Test
    void theClipStripShowsEveryClassWhenTheSetCyclesThroughThem() {
        // 16 clips labelled i % 2: evenly spaced picks (0, 2, 4, ...) would all be class 0.
        Dataset<Example> set = Dataset.of(16, i -> Example.of(Tensor.zeros(1), i % 2));
        List<Example> picked = RunReport.pickClips(set, 8);
        assertEquals(8, picked.size());
        assertEquals(2, picked.stream().map(e -> e.target().itemLong()).distinct().count());
        assertEquals(List.of(0L, 1L), picked.subList(0, 2).stream().map(e -> e.target().itemLong()).toList());
    }

    @Test
    void fewerClipsThanAskedGivesThemAll() {
        Dataset<Example> set = Dataset.of(3, i -> Example.of(Tensor.zeros(1), 0));
        assertEquals(3, RunReport.pickClips(set, 8).size());
        assertEquals(0, RunReport.pickClips(Dataset.of(0, i -> Example.of(Tensor.zeros(1), 0)), 8).size());
    }
}
