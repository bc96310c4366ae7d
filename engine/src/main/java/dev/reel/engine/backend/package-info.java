/**
 * The Backend SPI: the small set of primitive kernels (elementwise, reductions, batched matmul,
 * convolution and pooling, gather/scatter, copy/cast, Philox fills) that a device implements to
 * run every op. The CPU backend is built in; others are found with {@link java.util.ServiceLoader}.
 */
package dev.reel.engine.backend;
