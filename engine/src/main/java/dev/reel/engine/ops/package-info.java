/**
 * The differentiable ops, one class per family. Each op checks its inputs (errors name the op,
 * what it got and what it needed), infers the output shape, calls the {@link
 * dev.reel.engine.backend.Backend} and records its backward with {@link dev.reel.engine.ops.Graph#record},
 * written with other differentiable ops so that double backward works.
 *
 * <p>Where to look: elementwise one-input ops and activations in {@code PointwiseOps}; two-input
 * ops, promotion and the in-place path in {@code BinaryOps}; reductions in {@code ReductionOps};
 * views in {@code ViewOps}; indexing in {@code IndexingOps}; cat/stack/split in {@code JoinOps};
 * flip/roll/repeat/tril in {@code ShapeOps}; matmul and einsum in {@code LinalgOps}; convolution
 * in {@code ConvOps}; pooling in {@code PoolOps}.
 */
package dev.reel.engine.ops;
