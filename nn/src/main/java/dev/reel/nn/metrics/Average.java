package dev.reel.nn.metrics;

/**
 * How per-class scores become one number, as torchmetrics' {@code average} argument.
 *
 * <ul>
 *   <li>{@code MICRO}: sum tp, fp, fn over classes first, then divide;</li>
 *   <li>{@code MACRO}: the plain mean of per-class scores, leaving out classes that occur in
 *       neither targets nor predictions;</li>
 *   <li>{@code WEIGHTED}: the mean weighted by each class's support (tp + fn);</li>
 *   <li>{@code NONE}: no reduction (see the {@code perClass} methods).</li>
 * </ul>
 */
public enum Average { MICRO, MACRO, WEIGHTED, NONE }
