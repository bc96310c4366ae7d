/**
 * The CPU backend: heap storage ({@code CpuStorage}), one worker pool ({@code Parallel}), and one
 * class per kernel family ({@code CpuElementwise}, {@code CpuReduce}, {@code CpuMatmul},
 * {@code CpuConv}, {@code CpuPool}, {@code CpuIndexing}, {@code CpuRandom}); {@code ScalarMath}
 * holds the scalar definition of every elementwise op.
 */
package dev.reel.engine.cpu;
