package dev.reel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.cli.models.Models;
import dev.reel.nn.io.SafeTensors;
import dev.reel.nn.train.Checkpoint;
import dev.reel.video.SyntheticVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandTest {
    private static String top1(String out) {
        Matcher m = Pattern.compile("top-1 ([0-9.]+)%").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void evalOfTheRunFolderPrintsTheTrainersAccuracyAndWritesFiles(@TempDir Path tmp) throws Exception {
        TinyRun t = TinyRun.get();
        Path out = tmp.resolve("eval");
        // the last checkpoint holds the final model, the one training evaluated at its end
        CliRunner r = CliRunner.run("eval", t.run.resolve("checkpoints/last.safetensors").toString(), "--cache", t.cache.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals(t.trainValidationAccuracy(), top1(r.out()), "eval and the trainer's final evaluation differ:\n" + t.trainOutput + "\n" + r.out());
        for (String s : new String[] {"precision", "recall", "F1", "support", "macro avg", "confusion matrix", "circle_left", "circle_right", "top-2"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(16, json.get("samples").asInt());
        assertEquals(Double.parseDouble(top1(r.out())), 100 * json.get("accuracy").asDouble(), 0.005);
        assertEquals(1.0, json.get("top_k_accuracy").asDouble(), 1e-12, "top-2 of 2 classes is always right");
        long total = 0;
        for (JsonNode row : json.get("confusion_matrix")) for (JsonNode v : row) total += v.asLong();
        assertEquals(16, total);
        assertEquals(2, json.get("per_class").size());
        List<String> perClass = Files.readAllLines(out.resolve("per_class.csv"));
        assertEquals("class,precision,recall,f1,support", perClass.get(0));
        assertEquals(3, perClass.size());
        assertEquals(3, Files.readAllLines(out.resolve("confusion_matrix.csv")).size());
        String svg = Files.readString(out.resolve("confusion_matrix.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.trim().endsWith("</svg>"), svg);
    }

    @Test
    void aRunFolderMeansItsBestCheckpoint() {
        TinyRun t = TinyRun.get();
        CliRunner r = CliRunner.run("eval", t.run.toString(), "--cache", t.cache.toString(), "--batch", "5");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("cnn-lstm from " + t.run.resolve("checkpoints/best.safetensors") + ", on 16 clips"), r.out());
        assertTrue(Double.parseDouble(top1(r.out())) >= 75, "the tiny run learnt the two classes:\n" + t.trainOutput + r.out());
    }

    @Test
    void evalOnAFolderOfWrittenVideosMatchesEvalOnTheSameClipsInMemory(@TempDir Path tmp) {
        TinyRun t = TinyRun.get();
        // the validation clips of the run, written losslessly as files under root/<class>/
        SyntheticVideos v = new SyntheticVideos(SyntheticData.config(TinyRun.CLASSES, TinyRun.FRAMES, TinyRun.SIZE));
        v.writeTo(tmp.resolve("videos"), 3, SyntheticVideos.Format.AVI_RAW);
        CliRunner files = CliRunner.run("eval", t.run.resolve("checkpoints/last.safetensors").toString(), "--data", tmp.resolve("videos").toString(),
                "--batch", "4");
        assertEquals(0, files.code(), files.err() + files.out());
        assertTrue(files.out().contains("on 6 clips"), files.out());

        RunConfig run = RunConfig.load(t.run);
        var memory = EvalCommand.evaluate(run.loadModel(), SyntheticData.load(tmp.resolve("cache"), v.config(), 0, 6,
                new java.io.PrintWriter(java.io.Writer.nullWriter())), 4);
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 100 * memory.accuracy()), top1(files.out()));
    }

    @Test
    void checkpointProblemsAreOneLine(@TempDir Path tmp) throws Exception {
        TinyRun t = TinyRun.get();
        Path good = t.run.resolve("checkpoints/last.safetensors");
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = tmp.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Path garbage = tmp.resolve("garbage.safetensors");
        byte[] noise = new byte[4096];
        new java.util.Random(1).nextBytes(noise);
        Files.write(garbage, noise);
        Path plain = tmp.resolve("plain.safetensors");
        SafeTensors.save(plain, Models.create("cnn-lstm", 2, 16, 16));

        // a Reel checkpoint whose config names cnn-lstm but whose weights are a c3d-small's
        Path other = tmp.resolve("other.safetensors");
        Map<String, dev.reel.engine.Tensor> tensors = new LinkedHashMap<>();
        Models.create("c3d-small", 2, 16, 16).stateDict().forEach((k, x) -> tensors.put("model." + k, x));
        Map<String, String> meta = new LinkedHashMap<>(SafeTensors.load(good).metadata());
        SafeTensors.save(other, tensors, meta);

        String[][] cases = {
                {tmp.resolve("missing.safetensors").toString(), "no such file or folder"},
                {tmp.toString(), "without checkpoints/best.safetensors"},
                {truncated.toString(), "truncated.safetensors"},
                {garbage.toString(), "garbage.safetensors"},
                {plain.toString(), "not a Reel training checkpoint"},
                {other.toString(), "its weights do not fit the cnn-lstm model"},
        };
        for (String[] c : cases) {
            CliRunner r = CliRunner.run("eval", c[0], "--cache", t.cache.toString());
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().startsWith("reel eval: "), r.err());
            assertTrue(r.err().contains(c[1]), "expected '" + c[1] + "' in: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertTrue(Checkpoint.read(good).config().containsKey("model"));
    }

    @Test
    void dataWithAClassTheModelDoesNotKnowIsAClearError(@TempDir Path tmp) {
        TinyRun t = TinyRun.get();
        new SyntheticVideos(SyntheticData.config(3, TinyRun.FRAMES, TinyRun.SIZE)).writeTo(tmp.resolve("videos"), 1, SyntheticVideos.Format.Y4M);
        CliRunner r = CliRunner.run("eval", t.run.toString(), "--data", tmp.resolve("videos").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("class 'circle_up' is not one of the model's classes (circle_left, circle_right)"), r.err());
    }
}
