package io.positionpolicy.model;

/** APPROVE / ADJUST / REJECT answer an order; ACT / HOLD answer a REVIEW. */
public enum Verdict {
    APPROVE,
    ADJUST,
    REJECT,
    ACT,
    HOLD
}
