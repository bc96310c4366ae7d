package dev.reel.engine.backend;

/** Reductions over a set of dimensions; {@code ALL}/{@code ANY} write BOOL. */
public enum ReduceOp { SUM, PROD, MAX, MIN, ALL, ANY }
