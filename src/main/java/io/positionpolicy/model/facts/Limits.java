package io.positionpolicy.model.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy's parameters for one account tier. Built only by the DRL parameter rules, so a risk manager changes a
 * number in exactly one visible place; {@link Builder#build()} refuses a set with any parameter missing.
 */
public final class Limits {
    private final double riskPct;
    private final double initialRiskPct;
    private final double maxAddRiskMultiple;
    private final int maxAdds;
    private final int maxLeverage;
    private final double portfolioRiskPct;
    private final double maxAtrPct;
    private final double liquidationBufferPct;
    private final double trailAtrMultiple;
    private final List<LadderStep> takeProfitLadder;

    private Limits(Builder b) {
        this.riskPct = b.riskPct;
        this.initialRiskPct = b.initialRiskPct;
        this.maxAddRiskMultiple = b.maxAddRiskMultiple;
        this.maxAdds = b.maxAdds;
        this.maxLeverage = b.maxLeverage;
        this.portfolioRiskPct = b.portfolioRiskPct;
        this.maxAtrPct = b.maxAtrPct;
        this.liquidationBufferPct = b.liquidationBufferPct;
        this.trailAtrMultiple = b.trailAtrMultiple;
        this.takeProfitLadder = List.copyOf(b.ladder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One step of the default take-profit ladder: at {@code rMultiple × R} from the first entry, take {@code share}. */
    public record LadderStep(double rMultiple, double share) {
    }

    public double getRiskPct() {
        return riskPct;
    }

    public double getInitialRiskPct() {
        return initialRiskPct;
    }

    public double getMaxAddRiskMultiple() {
        return maxAddRiskMultiple;
    }

    public int getMaxAdds() {
        return maxAdds;
    }

    public int getMaxLeverage() {
        return maxLeverage;
    }

    public double getPortfolioRiskPct() {
        return portfolioRiskPct;
    }

    public double getMaxAtrPct() {
        return maxAtrPct;
    }

    public double getLiquidationBufferPct() {
        return liquidationBufferPct;
    }

    public double getTrailAtrMultiple() {
        return trailAtrMultiple;
    }

    public List<LadderStep> getTakeProfitLadder() {
        return takeProfitLadder;
    }

    /** Fluent builder used from DRL; every parameter must be set. */
    public static final class Builder {
        private double riskPct = Double.NaN;
        private double initialRiskPct = Double.NaN;
        private double maxAddRiskMultiple = Double.NaN;
        private int maxAdds = -1;
        private int maxLeverage = -1;
        private double portfolioRiskPct = Double.NaN;
        private double maxAtrPct = Double.NaN;
        private double liquidationBufferPct = Double.NaN;
        private double trailAtrMultiple = Double.NaN;
        private final List<LadderStep> ladder = new ArrayList<>();

        public Builder riskPct(double v) {
            riskPct = v;
            return this;
        }

        public Builder initialRiskPct(double v) {
            initialRiskPct = v;
            return this;
        }

        public Builder maxAddRiskMultiple(double v) {
            maxAddRiskMultiple = v;
            return this;
        }

        public Builder maxAdds(int v) {
            maxAdds = v;
            return this;
        }

        public Builder maxLeverage(int v) {
            maxLeverage = v;
            return this;
        }

        public Builder portfolioRiskPct(double v) {
            portfolioRiskPct = v;
            return this;
        }

        public Builder maxAtrPct(double v) {
            maxAtrPct = v;
            return this;
        }

        public Builder liquidationBufferPct(double v) {
            liquidationBufferPct = v;
            return this;
        }

        public Builder trailAtrMultiple(double v) {
            trailAtrMultiple = v;
            return this;
        }

        public Builder takeProfitAt(double rMultiple, double share) {
            ladder.add(new LadderStep(rMultiple, share));
            return this;
        }

        public Limits build() {
            List<String> missing = new ArrayList<>();
            check(missing, "riskPct", riskPct);
            check(missing, "initialRiskPct", initialRiskPct);
            check(missing, "maxAddRiskMultiple", maxAddRiskMultiple);
            check(missing, "maxAdds", maxAdds);
            check(missing, "maxLeverage", maxLeverage);
            check(missing, "portfolioRiskPct", portfolioRiskPct);
            check(missing, "maxAtrPct", maxAtrPct);
            check(missing, "liquidationBufferPct", liquidationBufferPct);
            check(missing, "trailAtrMultiple", trailAtrMultiple);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("policy parameters not set: " + String.join(", ", missing));
            }
            return new Limits(this);
        }

        private static void check(List<String> missing, String name, double value) {
            if (Double.isNaN(value) || value < 0) {
                missing.add(name);
            }
        }
    }
}
