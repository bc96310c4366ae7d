// Operation codes shared with the Java side. Each enum lists the constants of the Java enum of
// the same name (dev.reel.engine.backend.UnaryOp, BinaryOp, ReduceOp) in the same order, so the
// Java side passes op.ordinal(); OpCodesTest checks the two lists stay equal.
#pragma once

enum UnaryOp {
    NEG, ABS, SIGN, EXP, EXPM1, LOG, LOG1P, SQRT, RSQRT, SQUARE, RECIPROCAL,
    SIN, COS, TANH, SIGMOID, RELU, ERF, FLOOR, CEIL, ROUND, TRUNC,
    CLAMP, POW_SCALAR, LOGICAL_NOT, IS_FINITE
};

enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2,
    EQ, NE, LT, LE, GT, GE,
    LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR
};

enum ReduceOp { SUM, PROD, MAX, MIN, ALL, ANY };
