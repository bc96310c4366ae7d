package dev.reel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.video.AviWriter;
import dev.reel.video.Rational;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.Y4mWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {
    private static final SyntheticVideos VIDEOS = new SyntheticVideos(SyntheticData.config(TinyRun.CLASSES, TinyRun.FRAMES, TinyRun.SIZE));

    @Test
    void predictOnWrittenClipsAgreesWithTheModelOnTheInMemoryClips(@TempDir Path tmp) throws Exception {
        TinyRun t = TinyRun.get();
        // validation clips (never trained on), written losslessly
        List<Path> files = new ArrayList<>();
        int[] labels = new int[8];
        for (int i = 0; i < labels.length; i++) {
            SyntheticVideos.Clip clip = VIDEOS.clip(SyntheticData.VAL_FIRST + i);
            labels[i] = clip.label();
            files.add(tmp.resolve("clip" + i + ".avi"));
            try (var w = AviWriter.raw(files.get(i), TinyRun.SIZE, TinyRun.SIZE, Rational.of(15, 1))) {
                for (int f = 0; f < TinyRun.FRAMES; f++) w.writeRgb(clip.rgb(), f * TinyRun.SIZE * TinyRun.SIZE * 3);
            }
        }
        List<String> args = new ArrayList<>(List.of("predict", t.run.toString(), "--json", "--top-k", "2", "--clips", "3"));
        files.forEach(f -> args.add(f.toString()));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err() + r.out());

        JsonNode items = new ObjectMapper().readTree(r.out());
        assertEquals(files.size(), items.size());
        Layer model = RunConfig.load(t.run).loadModel();
        int right = 0;
        for (int i = 0; i < files.size(); i++) {
            JsonNode item = items.get(i);
            assertEquals(files.get(i).toString(), item.get("file").asText());
            assertEquals(3, item.get("clips").asInt());
            assertFalse(item.get("padded").asBoolean());
            double sum = 0;
            for (JsonNode p : item.get("probabilities")) sum += p.asDouble();
            assertEquals(1.0, sum, 1e-5);
            JsonNode top = item.get("top");
            assertEquals(2, top.size());
            assertTrue(top.get(0).get("probability").asDouble() >= top.get(1).get("probability").asDouble(), top.toString());
            assertTrue(top.get(0).get("probability").asDouble() >= 0.5, "the top class of two has at least half: " + top);

            // the clip as training fed it: the same pixels through SyntheticData's transform, straight from memory
            Tensor x = SyntheticData.TO_INPUT.apply(VIDEOS.clip(SyntheticData.VAL_FIRST + i).tensor(), null).unsqueeze(0);
            double[] expected = PredictCommand.averageSoftmax(model, x);
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], item.get("probabilities").get(c).asDouble(), 1e-6, files.get(i) + " class " + c);
            }
            String name = top.get(0).get("class").asText();
            assertEquals(VIDEOS.classNames().indexOf(name), top.get(0).get("label").asInt());
            if (top.get(0).get("label").asInt() == labels[i]) right++;
        }
        assertTrue(right >= 6, "the true class is top-1 for only " + right + " of 8 clips:\n" + r.out() + "\n" + t.trainOutput);
    }

    @Test
    void textOutputShortVideosAndUnreadableFiles(@TempDir Path tmp) throws Exception {
        TinyRun t = TinyRun.get();
        Path good = VIDEOS.writeTo(tmp.resolve("videos"), 1, SyntheticVideos.Format.Y4M).get(0);
        // two frames, fewer than the run's four
        Path shortVideo = tmp.resolve("short.y4m");
        byte[] rgb = VIDEOS.clip(5).rgb();
        try (var w = new Y4mWriter(shortVideo, TinyRun.SIZE, TinyRun.SIZE, Rational.of(15, 1))) {
            w.writeRgb(rgb, 0);
            w.writeRgb(rgb, TinyRun.SIZE * TinyRun.SIZE * 3);
        }
        Path broken = tmp.resolve("broken.avi");
        Files.writeString(broken, "RIFF....AVI not really a video");
        Path missing = tmp.resolve("missing.mp4");

        CliRunner r = CliRunner.run("predict", t.run.toString(), good.toString(), broken.toString(), shortVideo.toString(), missing.toString(),
                "--top-k", "1");
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().contains(good + "  (4 frames, 4 clips of 4 frames)"), r.out());
        assertTrue(r.out().contains(shortVideo + "  (2 frames, 4 clips of 4 frames; shorter than one clip: last frame repeated)"), r.out());
        assertTrue(r.out().contains("  1. circle_"), r.out());
        assertFalse(r.out().contains("  2. "), "--top-k 1 prints one class:\n" + r.out());
        List<String> errors = r.err().strip().lines().toList();
        assertEquals(2, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("reel predict: ") && errors.get(0).contains(broken.toString()), r.err());
        assertTrue(errors.get(1).startsWith("reel predict: ") && errors.get(1).contains(missing.toString()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        // with --json the failed file is an entry of its own, and stdout stays one JSON array
        CliRunner j = CliRunner.run("predict", t.run.toString(), missing.toString(), good.toString(), "--json");
        assertEquals(1, j.code(), j.err() + j.out());
        JsonNode items = new ObjectMapper().readTree(j.out());
        assertEquals(2, items.size(), j.out());
        assertEquals(missing.toString(), items.get(0).get("file").asText());
        assertTrue(items.get(0).get("error").asText().contains("no such file"), j.out());
        assertEquals(2, items.get(1).get("top").size(), "default --top-k is min(5, classes): " + j.out());
        assertTrue(j.err().startsWith("reel predict: " + missing), j.err());
    }

    @Test
    void badTopKIsOneLine(@TempDir Path tmp) {
        TinyRun t = TinyRun.get();
        Path video = VIDEOS.writeTo(tmp.resolve("videos"), 1, SyntheticVideos.Format.Y4M).get(0);
        CliRunner zero = CliRunner.run("predict", t.run.toString(), video.toString(), "--top-k", "0");
        assertEquals(1, zero.code());
        assertEquals("reel predict: --top-k must be >= 1, got 0", zero.err().strip());
        CliRunner three = CliRunner.run("predict", t.run.toString(), video.toString(), "--top-k", "3");
        assertEquals(1, three.code());
        assertEquals("reel predict: --top-k 3: the model has 2 classes; choose 1..2", three.err().strip());
        CliRunner word = CliRunner.run("predict", t.run.toString(), video.toString(), "--top-k", "many");
        assertEquals(2, word.code());
        assertTrue(word.err().startsWith("reel predict: Invalid value for option '--top-k'"), word.err());
        CliRunner noVideo = CliRunner.run("predict", t.run.toString());
        assertEquals(2, noVideo.code());
        assertTrue(noVideo.err().contains("VIDEO"), noVideo.err());
    }
}
