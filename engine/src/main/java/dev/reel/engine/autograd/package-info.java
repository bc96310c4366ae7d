/**
 * Define-by-run autograd: a {@link dev.reel.engine.autograd.Node} per recorded op, the iterative
 * backward {@link dev.reel.engine.autograd.Engine}, saved tensors with version checks, and the
 * finite-difference checks {@link dev.reel.engine.autograd.GradCheck} and
 * {@link dev.reel.engine.autograd.GradGradCheck}.
 */
package dev.reel.engine.autograd;
