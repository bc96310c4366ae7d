package dev.reel.engine.backend;

/**
 * Elementwise two-input kernels. Both inputs have the same dtype; comparisons and logical ops
 * write BOOL, the rest write the inputs' dtype.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2,
    EQ, NE, LT, LE, GT, GE,
    LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    /** True for the ops whose result is BOOL. */
    public boolean isPredicate() {
        return ordinal() >= EQ.ordinal();
    }
}
