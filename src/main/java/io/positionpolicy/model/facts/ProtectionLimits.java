package io.positionpolicy.model.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-trade protections' parameters for one account tier, built only by {@code rules/controls/ProtectionParameters.drl}:
 * the daily loss limit (share of start-of-day equity), the cooldown after a stop-out (minutes), the most entries
 * (OPEN + ADD) a day, and what a protection does when the fact it needs is missing ({@code note} or {@code reject}).
 */
public final class ProtectionLimits {
    public static final String NOTE = "note";
    public static final String REJECT = "reject";

    private final double dailyLossPct;
    private final double cooldownMinutes;
    private final int maxEntriesPerDay;
    private final String whenFactMissing;

    private ProtectionLimits(Builder b) {
        this.dailyLossPct = b.dailyLossPct;
        this.cooldownMinutes = b.cooldownMinutes;
        this.maxEntriesPerDay = b.maxEntriesPerDay;
        this.whenFactMissing = b.whenFactMissing;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double getDailyLossPct() {
        return dailyLossPct;
    }

    public double getCooldownMinutes() {
        return cooldownMinutes;
    }

    public int getMaxEntriesPerDay() {
        return maxEntriesPerDay;
    }

    public String getWhenFactMissing() {
        return whenFactMissing;
    }

    public boolean isRejectWhenMissing() {
        return REJECT.equals(whenFactMissing);
    }

    /** Fluent builder used from DRL; every parameter must be set. */
    public static final class Builder {
        private double dailyLossPct = Double.NaN;
        private double cooldownMinutes = Double.NaN;
        private int maxEntriesPerDay = -1;
        private String whenFactMissing;

        public Builder dailyLossPct(double v) {
            dailyLossPct = v;
            return this;
        }

        public Builder cooldownMinutes(double v) {
            cooldownMinutes = v;
            return this;
        }

        public Builder maxEntriesPerDay(int v) {
            maxEntriesPerDay = v;
            return this;
        }

        public Builder whenFactMissing(String v) {
            whenFactMissing = v;
            return this;
        }

        public ProtectionLimits build() {
            List<String> problems = new ArrayList<>();
            if (!(dailyLossPct > 0)) {
                problems.add("dailyLossPct");
            }
            if (!(cooldownMinutes >= 0)) {
                problems.add("cooldownMinutes");
            }
            if (maxEntriesPerDay < 1) {
                problems.add("maxEntriesPerDay");
            }
            if (!NOTE.equals(whenFactMissing) && !REJECT.equals(whenFactMissing)) {
                problems.add("whenFactMissing (\"note\" or \"reject\")");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("protection parameters not set or invalid: " + String.join(", ", problems));
            }
            return new ProtectionLimits(this);
        }
    }
}
