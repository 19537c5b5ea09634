package io.positionpolicy.model.facts;

/**
 * The policy's phases, in the order they run: the one place where the rule set's order is declared. A rule joins a
 * phase with {@code salience (Phase.CAPS.salience())}; a phase starts only once no rule of an earlier phase can fire.
 * Within a phase the rules must not depend on each other's order: no verdict, quantity or violation may change with
 * it (a test recompiles the rules with the order inside each phase shuffled and compares the decisions).
 *
 * <p>An evaluation has either an order (OPEN, ADD), a trader's exit (REDUCE, CLOSE) or a review (REVIEW), never two, so
 * the three sequences below never meet; they are one list only because salience is one scale. rules/README.md says
 * which rule sits in which phase and why.
 */
public enum Phase {
    /** All intents: the account tier's parameters ({@link Limits}), which every later phase reads. */
    PARAMETERS,

    // ---- OPEN and ADD ----
    /** The order ticket made measurable: its stop onto the tick grid, its leverage within the cap. */
    TICKET,
    /** The quantity before any cap: as asked, to the initial risk, or by volatility. */
    SIZING,
    /** Each cap (risk budget, portfolio, add cap) from the order as sized; the order keeps the smallest. */
    CAPS,
    /** On the settled order: every cap or exchange minimum it breaks, the leverage that keeps liquidation clear. */
    FILTERS,
    /** The checks that read only the request (stops, trend, number of adds, volatility). */
    CHECKS,
    /** The order to place, when nothing rejected it. */
    PLACING,

    // ---- REDUCE and CLOSE ----
    /** The trader's own exits, never blocked. */
    TRADER_EXITS,

    // ---- REVIEW ----
    /** A stop the price has reached closes everything; no later phase runs on a closed review. */
    STOP_HIT,
    /** The default take-profit ladder, for a position without one of its own. */
    TARGETS,
    /** A trailing stop (active since a tier, or by the tier this review reaches) the price has crossed closes all. */
    TRAILING_STOP_HIT,
    /** Take-profit tiers, nearest first. */
    TAKE_PROFITS,
    /** The stop trails the best price. */
    TRAILING;

    /** Spacing between phases: a rule may add less than half of it without leaving its phase. */
    public static final int SPACING = 100;

    /** Earlier phases get the higher salience. */
    public int salience() {
        return (values().length - ordinal()) * SPACING;
    }
}
