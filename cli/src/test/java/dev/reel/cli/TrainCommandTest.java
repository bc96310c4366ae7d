package dev.reel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    @Test
    void aShortRunWritesTheRunFolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CliRunner r = CliRunner.run("train", "--epochs", "2", "--train-clips", "32", "--val-clips", "16", "--batch", "8",
                "--size", "16", "--frames", "4", "--target-acc", "0", "--checkpoint-every", "3", "--out", run.toString(),
                "--cache", dir.resolve("cache").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("validation accuracy"), r.out());
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(Files.exists(run.resolve("checkpoints/last.safetensors")));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"checkpoint_every\": \"3\""));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("data:image/png;base64,") && html.contains("Confusion matrix"));

        CliRunner resumed = CliRunner.run("train", "--resume", run.toString(), "--epochs", "3", "--cache", dir.resolve("cache").toString());
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming"), resumed.out());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size());
    }

    @Test
    void ampBf16TrainsAndIsRecordedInTheConfig(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CliRunner r = CliRunner.run("train", "--amp", "bf16", "--epochs", "1", "--train-clips", "16", "--val-clips", "8", "--batch", "8",
                "--size", "16", "--frames", "4", "--target-acc", "0", "--out", run.toString(), "--cache", dir.resolve("cache").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("autocast torch.bfloat16"), r.out());
        assertTrue(r.out().contains("validation accuracy"), r.out());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"amp\": \"bf16\""));
        var weights = dev.reel.nn.train.Checkpoint.read(run.resolve("checkpoints/last.safetensors")).modelState();
        for (var w : weights.entrySet()) {
            if (w.getValue().dtype().isFloatingPoint()) assertEquals(dev.reel.engine.DType.F32, w.getValue().dtype(), w.getKey());
        }
        CliRunner bad = CliRunner.run("train", "--amp", "int8");
        assertTrue(bad.err().startsWith("reel train: --amp int8: choose off, bf16 or f16"), bad.err());
    }

    @Test
    void oneClassFolderIsAClearError(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("videos/cats"));
        new dev.reel.video.SyntheticVideos(dev.reel.video.SyntheticVideos.Config.DEFAULT.withFrames(4).withSize(16, 16))
                .writeTo(dir.resolve("tmp"), 1, dev.reel.video.SyntheticVideos.Format.Y4M);
        try (var s = Files.list(dir.resolve("tmp/circle_left"))) {
            Path v = s.findFirst().orElseThrow();
            Files.copy(v, dir.resolve("videos/cats/a.y4m"));
        }
        CliRunner r = CliRunner.run("train", "--data", dir.resolve("videos").toString(), "--out", dir.resolve("run").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("1 class (cats); a classifier needs at least 2 class folders"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionValuesAreOneLine() {
        CliRunner r = CliRunner.run("train", "--model", "resnet-9000");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("reel train: --model resnet-9000: choose one of cnn-lstm"), r.err());
        CliRunner d = CliRunner.run("train", "--device", "tpu");
        assertTrue(d.err().contains("--device tpu: expected cpu, cuda or cuda:N"), d.err());
        CliRunner s = CliRunner.run("train", "--model", "r3d-18", "--size", "24");
        assertTrue(s.err().startsWith("reel train: --size must be a multiple of 16, at least 16, for r3d-18, got 24"), s.err());
        CliRunner c = CliRunner.run("train", "--checkpoint-every", "-1");
        assertTrue(c.err().startsWith("reel train: --checkpoint-every must be >= 0 steps, got -1"), c.err());
    }
}
