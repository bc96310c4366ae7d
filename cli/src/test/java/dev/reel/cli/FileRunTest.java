package dev.reel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.datasets.VideoDataset;
import dev.reel.video.sampling.ClipSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval and predict on a run trained from video files, whose inputs are scaled to [0, 1] (not the synthetic [-1, 1]). */
class FileRunTest {
    @Test
    void evalAndPredictFeedTheModelWhatTrainingFedIt(@TempDir Path tmp) throws Exception {
        Path videos = tmp.resolve("videos");
        List<Path> files = new SyntheticVideos(SyntheticData.config(2, 4, 16)).writeTo(videos, 5, SyntheticVideos.Format.AVI_RAW);
        Path run = tmp.resolve("run");
        CliRunner train = CliRunner.run("train", "--data", videos.toString(), "--epochs", "1", "--frames", "4", "--size", "16", "--batch", "4",
                "--target-acc", "0", "--out", run.toString());
        assertEquals(0, train.code(), train.err() + train.out());
        RunConfig config = RunConfig.load(run.resolve("checkpoints/last.safetensors"));
        assertTrue(!config.synthetic() && config.classNames().equals(List.of("circle_left", "circle_right")), config.config().toString());

        // default data: the run's own hold-out (every 5th of the 10 videos), as training's final evaluation
        CliRunner eval = CliRunner.run("eval", run.resolve("checkpoints/last.safetensors").toString());
        assertEquals(0, eval.code(), eval.err() + eval.out());
        assertTrue(eval.out().contains("on 2 clips of the validation data of the run"), eval.out());
        String trainAcc = train.out().replaceAll("(?s).*done: validation accuracy ([0-9.]+)%.*", "$1");
        assertTrue(eval.out().contains("top-1 " + trainAcc + "%"), train.out() + "\n" + eval.out());

        CliRunner all = CliRunner.run("eval", run.toString(), "--data", videos.toString());
        assertEquals(0, all.code(), all.err() + all.out());
        assertTrue(all.out().contains("on 10 clips of the " + videos), all.out());

        // predict with one clip covering the whole 4-frame video = the validation sample of that video
        CliRunner predict = CliRunner.run("predict", run.resolve("checkpoints/last.safetensors").toString(), files.get(0).toString(),
                "--clips", "1", "--json");
        assertEquals(0, predict.code(), predict.err() + predict.out());
        JsonNode p = new ObjectMapper().readTree(predict.out()).get(0).get("probabilities");
        VideoDataset val = VideoDataset.folder(videos, ClipSampler.centerCrop(4, 1), DataSources.fileTransform(16), 0);
        int index = val.entries().stream().map(e -> e.path().getFileName()).toList().indexOf(files.get(0).getFileName());
        Tensor x = val.get(index).input();
        assertTrue(x.min().item() >= 0 && x.max().item() <= 1, "file runs see pixels in [0, 1]");
        Layer model = config.loadModel();
        double[] expected = PredictCommand.averageSoftmax(model, x.unsqueeze(0));
        for (int c = 0; c < expected.length; c++) assertEquals(expected[c], p.get(c).asDouble(), 1e-6);
    }
}
