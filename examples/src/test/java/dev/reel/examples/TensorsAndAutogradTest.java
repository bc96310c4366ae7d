package dev.reel.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorsAndAutogradTest {
    @Test
    void gradientDescentFitsTheCubicToSine() {
        TensorsAndAutograd.Result r = TensorsAndAutograd.run(2000, false);
        assertTrue(r.lastLoss() < r.firstLoss() / 20, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(r.lastLoss() < 50, "final loss " + r.lastLoss());
        // sin(x) ~ x - x^3/6 near 0, so the fitted b is near 0.85 and d near -0.09 on [-pi, pi].
        assertEquals(0.85, r.coefficients()[1], 0.1);
        assertEquals(-0.092, r.coefficients()[3], 0.02);
    }
}
