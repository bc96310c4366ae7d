package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's taste of the API, kept compiling and running. */
class ReadmeExampleTest {
    @Test
    void readmeSnippetRuns() {
        Reel.manualSeed(0);
        Tensor x = Tensor.randn(8, 3, 32, 32);
        Tensor w = Tensor.randn(16, 3, 3, 3).mul(0.1).requiresGrad_(true);
        Tensor y = F.maxPool2d(F.relu(F.conv2d(x, w, null, 1, 1)), 2);
        assertArrayEquals(new int[] {8, 16, 16, 16}, y.shape());
        Tensor loss = y.mean(new int[] {2, 3}, false).logsumexp(1).mean();
        loss.backward();
        assertTrue(w.grad().norm().item() > 0);
        Tensor before = w.detach().clone();
        try (var g = Grad.off()) { w.addScaled_(w.grad(), -0.1); }
        assertTrue(w.sub(before).abs().max().item() > 0);
    }
}
