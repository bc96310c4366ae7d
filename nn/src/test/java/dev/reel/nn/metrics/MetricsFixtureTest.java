package dev.reel.nn.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Metrics against tools/fixtures/make_metric_fixtures.py (scikit-learn, torchmetrics' rules). */
class MetricsFixtureTest {
    private static final double TOL = 1e-12;

    @TestFactory
    List<DynamicTest> everyCase() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/metrics.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonNode c) {
        int classes = c.get("numClasses").asInt();
        JsonNode sc = c.get("scores");
        int n = sc.size();
        double[] flat = new double[n * classes];
        for (int i = 0; i < n; i++) for (int j = 0; j < classes; j++) flat[i * classes + j] = sc.get(i).get(j).asDouble();
        long[] tgt = new long[n];
        for (int i = 0; i < n; i++) tgt[i] = c.get("target").get(i).asLong();
        Tensor scores = Tensor.fromArray(flat, n, classes).toFloat();
        Tensor target = Tensor.fromArray(tgt);

        ConfusionMatrix cm = new ConfusionMatrix(classes);
        // two batches, to check accumulation
        cm.update(scores.narrow(0, 0, n / 2), target.narrow(0, 0, n / 2));
        cm.update(scores.narrow(0, n / 2, n - n / 2), target.narrow(0, n / 2, n - n / 2));
        long[][] counts = cm.counts();
        for (int i = 0; i < classes; i++) assertArrayEquals(longs(c.get("confusion").get(i)), counts[i], "confusion row " + i);
        assertMatrix(c.get("confusionTrue"), cm.normalized(ConfusionMatrix.Normalize.TRUE));
        assertMatrix(c.get("confusionPred"), cm.normalized(ConfusionMatrix.Normalize.PRED));
        assertMatrix(c.get("confusionAll"), cm.normalized(ConfusionMatrix.Normalize.ALL));

        for (JsonNode m : c.get("topk")) {
            int k = m.get("k").asInt();
            StatScores s = new StatScores(classes, k);
            s.update(scores.narrow(0, 0, n / 3), target.narrow(0, 0, n / 3));
            s.update(scores.narrow(0, n / 3, n - n / 3), target.narrow(0, n / 3, n - n / 3));
            String at = " (top-" + k + ")";
            assertArrayEquals(longs(m.get("tp")), s.tp(), "tp" + at);
            assertArrayEquals(longs(m.get("fp")), s.fp(), "fp" + at);
            assertArrayEquals(longs(m.get("fn")), s.fn(), "fn" + at);
            assertEquals(m.get("accuracyMicro").asDouble(), s.accuracy(Average.MICRO), TOL, "accuracy micro" + at);
            assertEquals(m.get("accuracy_macro").asDouble(), s.accuracy(Average.MACRO), TOL, "accuracy macro" + at);
            for (Average avg : new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED}) {
                String a = avg.name().toLowerCase(java.util.Locale.ROOT);
                assertEquals(m.get("precision_" + a).asDouble(), s.precision(avg), TOL, "precision " + a + at);
                assertEquals(m.get("recall_" + a).asDouble(), s.recall(avg), TOL, "recall " + a + at);
                assertEquals(m.get("f1_" + a).asDouble(), s.f1(avg), TOL, "f1 " + a + at);
            }
            if (k == 1) {
                assertArrayEquals(doubles(m.get("precisionPerClass")), s.perClassPrecision(), TOL);
                assertArrayEquals(doubles(m.get("recallPerClass")), s.perClassRecall(), TOL);
                assertArrayEquals(doubles(m.get("f1PerClass")), s.perClassF1(), TOL);
                assertEquals(m.get("accuracyMicro").asDouble(), cm.accuracy(), TOL);
            }
        }
    }

    private static void assertMatrix(JsonNode expected, double[][] actual) {
        for (int i = 0; i < actual.length; i++) assertArrayEquals(doubles(expected.get(i)), actual[i], TOL, "row " + i);
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }
}
