package io.positionpolicy.model;

/** Account experience tier: it selects the parameter set the rules apply. */
public enum Tier {
    STANDARD,
    EXPERIENCED
}
