package dev.reel.engine.backend;

/**
 * Elementwise one-input kernels. {@code CLAMP} and {@code POW_SCALAR} read their parameters from
 * the {@code p1}/{@code p2} arguments of {@link Backend#unary}; {@code LOGICAL_NOT} writes BOOL.
 * Everything else writes the input's dtype.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, EXPM1, LOG, LOG1P, SQRT, RSQRT, SQUARE, RECIPROCAL,
    SIN, COS, TANH, SIGMOID, RELU, ERF, FLOOR, CEIL, ROUND, TRUNC,
    /** p1 = min (or NaN for none), p2 = max (or NaN for none). */
    CLAMP,
    /** x^p1. */
    POW_SCALAR,
    LOGICAL_NOT,
    /** 1 where the value is neither NaN nor infinite; writes BOOL. */
    IS_FINITE
}
