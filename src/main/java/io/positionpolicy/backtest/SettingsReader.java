package io.positionpolicy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.model.Tier;
import java.util.List;

/** Reads {@link BacktestSettings} from a request body, each number within its range. */
public final class SettingsReader {
    private SettingsReader() {
    }

    /** The settings fields of a backtest request, in the order of {@link BacktestSettings}. */
    public static final List<String> FIELDS = List.of("symbol", "initialEquity", "tier", "breakoutBars", "stopAtr",
            "takerFee", "fundingRatePer8h", "baselineRiskPct", "baselineTargetR", "maxGapToCarryHours");

    /**
     * The settings of a backtest request, defaults where a field is absent. Each bad field is added to
     * {@code errors}, and so is a field that is neither a setting nor one of {@code others} (the request's other
     * fields): a misspelt setting would otherwise run with its default.
     */
    public static BacktestSettings read(JsonNode root, List<String> others, List<FieldError> errors) {
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field) && !others.contains(field)) {
                errors.add(new FieldError("$." + field, "is not a field of a backtest request: "
                        + String.join(", ", others) + ", " + String.join(", ", FIELDS)));
            }
        });
        BacktestSettings d = BacktestSettings.defaults();
        Setting s = new Setting(root, errors);
        String symbol = s.text("symbol", d.symbol());
        Tier tier = Tier.STANDARD;
        if (root.hasNonNull("tier")) {
            try {
                tier = Tier.valueOf(root.get("tier").asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("$.tier", "must be STANDARD or EXPERIENCED"));
            }
        }
        BacktestSettings settings = new BacktestSettings(symbol,
                s.number("initialEquity", d.initialEquity(), 1, 1e12),
                tier,
                s.whole("breakoutBars", d.breakoutBars(), 2, 1000),
                s.number("stopAtr", d.stopAtr(), 0.1, 20),
                s.number("takerFee", d.takerFee(), 0, 0.01),
                s.number("fundingRatePer8h", d.fundingRatePer8h(), -0.01, 0.01),
                s.number("baselineRiskPct", d.baselineRiskPct(), 0.0001, 0.1),
                s.number("baselineTargetR", d.baselineTargetR(), 0.1, 50),
                (long) (s.number("maxGapToCarryHours", d.maxGapToCarryMillis() / 3_600_000.0, 0, 8760) * 3_600_000L),
                BacktestSettings.btcInstrument(symbol));
        return settings;
    }

    /** Optional settings with their ranges; errors collected for one problem. */
    private record Setting(JsonNode root, List<FieldError> errors) {
        double number(String field, double fallback, double min, double max) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
                errors.add(new FieldError("$." + field, "must be a number from " + min + " to " + max));
                return fallback;
            }
            return node.asDouble();
        }

        int whole(String field, int fallback, int min, int max) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber() || node.asDouble() != Math.rint(node.asDouble()) || node.asDouble() < min
                    || node.asDouble() > max) {
                errors.add(new FieldError("$." + field, "must be a whole number from " + min + " to " + max));
                return fallback;
            }
            return node.asInt();
        }

        String text(String field, String fallback) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 40) {
                errors.add(new FieldError("$." + field, "must be text of 1 to 40 characters"));
                return fallback;
            }
            return node.asText();
        }
    }
}
