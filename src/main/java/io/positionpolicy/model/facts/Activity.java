package io.positionpolicy.model.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * What the caller knows about the account's and the symbol's day that the service cannot: realized P&L today (UTC),
 * start-of-day equity, entries (OPEN + ADD) today, and when this symbol's position was last stopped out. Each may be
 * missing: the protection that needs it then says so (DRL: {@code rules/controls/Protections.drl}). {@code at} is the
 * evaluation's time, the clock the cooldown is measured on.
 */
public final class Activity {
    private final double realizedPnlToday;
    private final double startOfDayEquity;
    private final int entriesToday;
    private final Instant lastStopOutAt;
    private final Instant at;

    /** NaN for a missing amount, -1 for a missing count, null for a missing time. */
    public Activity(double realizedPnlToday, double startOfDayEquity, int entriesToday, Instant lastStopOutAt,
            Instant at) {
        this.realizedPnlToday = realizedPnlToday;
        this.startOfDayEquity = startOfDayEquity;
        this.entriesToday = entriesToday;
        this.lastStopOutAt = lastStopOutAt;
        this.at = at;
    }

    public boolean isDailyLossKnown() {
        return !Double.isNaN(realizedPnlToday) && !Double.isNaN(startOfDayEquity);
    }

    /** Loss today as a share of start-of-day equity (0 when the day is in profit). */
    public double getLossShareToday() {
        return Math.max(0, -realizedPnlToday) / startOfDayEquity;
    }

    public boolean isEntriesKnown() {
        return entriesToday >= 0;
    }

    public boolean isStopOutKnown() {
        return lastStopOutAt != null;
    }

    /** Minutes (with fractions) from the last stop-out to the evaluation; negative for a stop-out in the future. */
    public double getMinutesSinceStopOut() {
        return Duration.between(lastStopOutAt, at).toMillis() / 60_000.0;
    }

    public double getRealizedPnlToday() {
        return realizedPnlToday;
    }

    public double getStartOfDayEquity() {
        return startOfDayEquity;
    }

    public int getEntriesToday() {
        return entriesToday;
    }

    public Instant getLastStopOutAt() {
        return lastStopOutAt;
    }

    public Instant getAt() {
        return at;
    }
}
