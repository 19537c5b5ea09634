package io.positionpolicy.reference;

import io.positionpolicy.model.Tier;
import io.positionpolicy.model.facts.Account;
import io.positionpolicy.model.facts.Limits;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.util.EnumMap;
import java.util.Map;
import org.kie.api.runtime.KieSession;

/**
 * One account tier's parameters, as rules/parameters/Parameters.drl sets them: read once from the {@link Limits} the
 * compiled rule set inserts for an account of that tier, so that editing a number in the DRL moves the reference too.
 * Only the numbers come from there; every formula that uses them is written again in this package.
 */
record Parameters(PolicyRule rule, double riskPct, double initialRiskPct, double maxAddRiskMultiple, int maxAdds,
        int maxLeverage, double portfolioRiskPct, double maxAtrPct, double liquidationBufferPct,
        double trailAtrMultiple, double[] ladderR, double[] ladderShare) {

    private static final Map<Tier, Parameters> BY_TIER = load(StandardRuleSet.get());

    static Parameters of(Tier tier) {
        return BY_TIER.get(tier);
    }

    /** Fires the rule set on an account of each tier alone: only the parameters rules match, and insert Limits. */
    private static Map<Tier, Parameters> load(RuleSet ruleSet) {
        Map<Tier, Parameters> byTier = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            KieSession session = ruleSet.kieBase().newKieSession();
            try {
                session.insert(new Account("parameters", 1, tier, 0));
                session.fireAllRules();
                Limits limits = session.getObjects(Limits.class::isInstance).stream()
                        .map(Limits.class::cast)
                        .reduce((a, b) -> {
                            throw new IllegalStateException("more than one parameter set for " + tier);
                        })
                        .orElseThrow(() -> new IllegalStateException("Parameters.drl sets nothing for " + tier));
                byTier.put(tier, of(tier == Tier.STANDARD ? PolicyRule.PARAMETERS_STANDARD
                        : PolicyRule.PARAMETERS_EXPERIENCED, limits));
            } finally {
                session.dispose();
            }
        }
        return byTier;
    }

    private static Parameters of(PolicyRule rule, Limits l) {
        double[] r = l.getTakeProfitLadder().stream().mapToDouble(Limits.LadderStep::rMultiple).toArray();
        double[] share = l.getTakeProfitLadder().stream().mapToDouble(Limits.LadderStep::share).toArray();
        return new Parameters(rule, l.getRiskPct(), l.getInitialRiskPct(), l.getMaxAddRiskMultiple(), l.getMaxAdds(),
                l.getMaxLeverage(), l.getPortfolioRiskPct(), l.getMaxAtrPct(), l.getLiquidationBufferPct(),
                l.getTrailAtrMultiple(), r, share);
    }
}
