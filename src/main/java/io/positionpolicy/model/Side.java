package io.positionpolicy.model;

/** Direction of a position; {@link #sign()} is POLICY.md's {@code s}. */
public enum Side {
    LONG(1),
    SHORT(-1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    public int sign() {
        return sign;
    }

    /** Also for DRL, whose constraints read bean-style getters. */
    public int getSign() {
        return sign;
    }
}
