package dev.reel.video.datasets;

import dev.reel.engine.DType;
import dev.reel.video.AviWriter;
import dev.reel.video.Rational;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.VideoWriter;
import dev.reel.video.internal.RgbImages;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.CenterCrop;
import dev.reel.video.transforms.RandomCrop;
import dev.reel.video.transforms.ToChannelsFirst;
import dev.reel.video.transforms.ToFloat;
import dev.reel.video.transforms.VideoTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {
    @TempDir Path dir;

    /** A raw AVI of {@code n} 8x6 frames whose every pixel of frame t is t. */
    private Path counting(Path p, int n, Rational fps) throws Exception {
        Files.createDirectories(p.getParent());
        try (VideoWriter w = AviWriter.raw(p, 8, 6, fps)) {
            for (int t = 0; t < n; t++) {
                byte[] f = new byte[8 * 6 * 3];
                java.util.Arrays.fill(f, (byte) t);
                w.writeRgb(f, 0);
            }
        }
        return p;
    }

    @Test
    void videoFolderFromSyntheticVideos() throws Exception {
        SyntheticVideos s = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withNumClasses(4).withFrames(8).withSize(32, 32));
        s.writeTo(dir, 3, SyntheticVideos.Format.AVI_MJPEG);
        VideoTransform t = VideoTransform.compose(RandomCrop.of(24, 24), ToFloat.scaled(), ToChannelsFirst.INSTANCE);
        VideoDataset d = VideoDataset.folder(dir, ClipSampler.randomCrop(4, 2), t, 7);
        assertEquals(12, d.size());
        assertEquals(List.of("circle_down", "circle_left", "circle_right", "circle_up"), d.classNames());
        Sample x = d.get(5);
        assertArrayEquals(new int[] {3, 4, 24, 24}, x.input().shape());
        assertEquals(DType.F32, x.input().dtype());
        assertEquals(d.classNames().get(x.label()), x.source().getParent().getFileName().toString());
        assertArrayEquals(x.input().toFloatArray(), d.get(5).input().toFloatArray(), "same seed and epoch: same sample");
        d.setEpoch(1);
        assertFalse(java.util.Arrays.equals(x.input().toFloatArray(), d.get(5).input().toFloatArray()), "a new epoch draws new crops");
    }

    @Test
    void getIsSafeFromWorkerThreads() throws Exception {
        new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withNumClasses(2).withFrames(6).withSize(16, 16)).writeTo(dir, 4, SyntheticVideos.Format.Y4M);
        VideoDataset d = VideoDataset.folder(dir, ClipSampler.uniform(3), null, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Sample>> fs = new java.util.ArrayList<>();
            for (int rep = 0; rep < 3; rep++) for (int i = 0; i < d.size(); i++) { int k = i; fs.add(pool.submit(() -> d.get(k))); }
            for (int i = 0; i < fs.size(); i++) {
                assertArrayEquals(d.get(i % d.size()).input().toByteArray(), fs.get(i).get().input().toByteArray());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void multiClipStacksClips() throws Exception {
        counting(dir.resolve("a/v.avi"), 20, Rational.of(10, 1));
        VideoDataset d = VideoDataset.folder(dir, ClipSampler.multiClip(3, 4, 1), CenterCrop.of(4, 4), 0);
        Sample s = d.get(0);
        assertArrayEquals(new int[] {3, 4, 4, 4, 3}, s.input().shape());
        byte[] b = s.input().toByteArray();
        int clip = 4 * 4 * 4 * 3;
        assertEquals(0, b[0]);
        assertEquals(8, b[clip]);       // starts 0, 8, 16
        assertEquals(16, b[2 * clip]);
    }

    @Test
    void csvSegmentsRestrictTheFrames() throws Exception {
        counting(dir.resolve("v/one.avi"), 30, Rational.of(10, 1));
        counting(dir.resolve("v/two.avi"), 30, Rational.of(10, 1));
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "path,label,start,end\nv/one.avi,dancing,1.0,2.0\n\"v/two.avi\",cooking,2.5,3.0\n");
        VideoDataset d = VideoDataset.csv(csv, dir, ClipSampler.uniform(5), null, 0);
        assertEquals(List.of("cooking", "dancing"), d.classNames());
        assertEquals(1, d.get(0).label());
        byte[] a = d.get(0).input().toByteArray();
        int frame = 8 * 6 * 3;
        for (int t = 0; t < 5; t++) assertEquals(10 + 2 * t + 1, a[t * frame], "frames of [1 s, 2 s) are 10..19");
        byte[] b = d.get(1).input().toByteArray();
        assertEquals(25, b[0]);
        assertEquals(29, b[4 * frame]);

        Files.writeString(csv, "v/one.avi,0\nv/two.avi,x,y\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoDataset.csv(csv, dir, ClipSampler.uniform(2), null, 0));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void ucf101SplitFiles() throws Exception {
        counting(dir.resolve("videos/ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi"), 4, Rational.of(25, 1));
        counting(dir.resolve("videos/Archery/v_Archery_g01_c01.avi"), 4, Rational.of(25, 1));
        Path splits = Files.createDirectories(dir.resolve("splits"));
        Files.writeString(splits.resolve("classInd.txt"), "1 ApplyEyeMakeup\n2 Archery\n");
        Files.writeString(splits.resolve("trainlist01.txt"), "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\r\nArchery/v_Archery_g01_c01.avi 2\n");
        Files.writeString(splits.resolve("testlist01.txt"), "Archery/v_Archery_g01_c01.avi\n");
        VideoDataset train = VideoDataset.ucf101(dir.resolve("videos"), splits, 1, true, ClipSampler.uniform(2), null, 0);
        VideoDataset test = VideoDataset.ucf101(dir.resolve("videos"), splits, 1, false, ClipSampler.uniform(2), null, 0);
        assertEquals(2, train.size());
        assertEquals(List.of(0, 1), train.entries().stream().map(VideoEntry::label).toList());
        assertEquals(1, test.size());
        assertEquals(1, test.get(0).label());
        Files.writeString(splits.resolve("trainlist02.txt"), "Archery/v_Archery_g01_c01.avi 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoDataset.ucf101(dir.resolve("videos"), splits, 2, true, ClipSampler.uniform(2), null, 0));
        assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
    }

    @Test
    void imageFolder() throws Exception {
        for (String c : new String[] {"cat", "dog"}) {
            Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 2; i++) {
                byte[] rgb = new byte[10 * 12 * 3];
                java.util.Arrays.fill(rgb, (byte) (c.equals("cat") ? 10 + i : 100 + i));
                ImageIO.write(RgbImages.fromRgb(rgb, 0, 12, 10), "png", dir.resolve(c).resolve("img" + i + ".png").toFile());
            }
        }
        ImageFolderDataset d = new ImageFolderDataset(dir, VideoTransform.compose(CenterCrop.of(8, 8), ToFloat.scaled(), ToChannelsFirst.INSTANCE), 0);
        assertEquals(4, d.size());
        assertEquals(List.of("cat", "dog"), d.classNames());
        Sample s = d.get(3);
        assertEquals(1, s.label());
        assertArrayEquals(new int[] {3, 8, 8}, s.input().shape());
        assertEquals(101 / 255f, s.input().toFloatArray()[0], 1e-6f);
    }

    @Test
    void emptyFoldersAreNamed() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoDataset.folder(dir, ClipSampler.uniform(2), null, 0));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
