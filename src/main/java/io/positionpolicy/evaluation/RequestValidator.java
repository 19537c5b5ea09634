package io.positionpolicy.evaluation;

import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.EvaluationRequest.Candle;
import io.positionpolicy.model.EvaluationRequest.MaintenanceTier;
import io.positionpolicy.model.EvaluationRequest.TakeProfit;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.facts.Format;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a parsed request before any rule sees it: required fields per intent, finite positive prices and sizes,
 * shares in (0, 1], consistent candles. Collects every error rather than stopping at the first.
 */
public final class RequestValidator {
    /** ATR(14) with TA-Lib seeding needs 15 candles. */
    static final int ATR_PERIOD = 14;
    /** Input limits: each error names the one it breaks. */
    static final int MAX_TEXT = 200;
    static final int MAX_CANDLES = 5_000;
    static final int MAX_MAINTENANCE_TIERS = 50;
    static final int MAX_TAKE_PROFITS = 20;
    static final int MAX_LEVERAGE = 1_000;
    static final int MAX_COUNT = 1_000;
    /** Every price, size and amount lies in [MIN_AMOUNT, MAX_AMOUNT]: far beyond any market, and safe in doubles. */
    static final double MIN_AMOUNT = 1e-12;
    static final double MAX_AMOUNT = 1e12;

    private final List<FieldError> errors = new ArrayList<>();

    private RequestValidator() {
    }

    public static List<FieldError> validate(EvaluationRequest request) {
        RequestValidator validator = new RequestValidator();
        validator.check(request);
        return validator.errors;
    }

    private void check(EvaluationRequest r) {
        text("$.requestId", r.requestId(), false);
        IntentType type = checkIntent(r.intent());
        checkAccount(r.account());
        checkInstrument(r.instrument());
        checkMarket(r.market(), type, stopHit(r));
        ActivityValidator.check(r.activity(), errors);
        if (type == IntentType.OPEN && r.position() != null) {
            error("$.position", "must be absent for an OPEN: the position does not exist yet (use ADD to scale in)");
        } else if (type != null && type != IntentType.OPEN && r.position() == null) {
            error("$.position", "is required for " + type);
        }
        if (r.position() != null) {
            checkPosition(r.position());
            if (r.intent() != null && r.intent().side() != null && r.position().side() != null
                    && r.intent().side() != r.position().side()) {
                error("$.intent.side", "must match the position's side " + r.position().side());
            }
        }
    }

    private IntentType checkIntent(EvaluationRequest.Intent intent) {
        if (intent == null) {
            error("$.intent", "is required");
            return null;
        }
        IntentType type = intent.type();
        if (type == null) {
            error("$.intent.type", "is required: one of OPEN, ADD, REDUCE, CLOSE, REVIEW");
        }
        if (type == IntentType.OPEN && intent.side() == null) {
            error("$.intent.side", "is required for OPEN: LONG or SHORT");
        }
        positive("$.intent.price", intent.price(), false);
        positive("$.intent.quantity", intent.quantity(), type == IntentType.REDUCE);
        positive("$.intent.stopPrice", intent.stopPrice(), false);
        leverage("$.intent.leverage", intent.leverage(), false);
        return type;
    }

    private void checkAccount(EvaluationRequest.Account account) {
        if (account == null) {
            error("$.account", "is required");
            return;
        }
        text("$.account.id", account.id(), true);
        positive("$.account.equity", account.equity(), true);
        if (account.tier() == null) {
            error("$.account.tier", "is required: STANDARD or EXPERIENCED");
        }
        nonNegative("$.account.openRiskOtherPositions", account.openRiskOtherPositions(), false);
    }

    private void checkInstrument(EvaluationRequest.Instrument instrument) {
        if (instrument == null) {
            error("$.instrument", "is required");
            return;
        }
        text("$.instrument.symbol", instrument.symbol(), true);
        positive("$.instrument.contractSize", instrument.contractSize(), true);
        positive("$.instrument.qtyStep", instrument.qtyStep(), true);
        nonNegative("$.instrument.minQty", instrument.minQty(), false);
        positive("$.instrument.tickSize", instrument.tickSize(), true);
        nonNegative("$.instrument.minNotional", instrument.minNotional(), false);
        leverage("$.instrument.maxLeverage", instrument.maxLeverage(), true);
        List<MaintenanceTier> tiers = instrument.maintenanceTiers();
        if (tiers == null || tiers.isEmpty()) {
            error("$.instrument.maintenanceTiers", "is required: at least one tier, starting at notionalFloor 0");
            return;
        }
        if (tiers.size() > MAX_MAINTENANCE_TIERS) {
            error("$.instrument.maintenanceTiers", "must have at most " + MAX_MAINTENANCE_TIERS + " tiers (limit)");
            return;
        }
        boolean fromZero = false;
        for (int i = 0; i < tiers.size(); i++) {
            String at = "$.instrument.maintenanceTiers[" + i + "]";
            MaintenanceTier tier = tiers.get(i);
            if (tier == null) {
                error(at, "must be an object");
                continue;
            }
            boolean floorOk = nonNegative(at + ".notionalFloor", tier.notionalFloor(), true);
            fromZero |= tier.notionalFloor() != null && tier.notionalFloor() == 0;
            boolean rateOk = required(at + ".rate", tier.rate());
            if (rateOk && (tier.rate() < 0 || tier.rate() >= 1)) {
                error(at + ".rate", "must be in [0, 1): a maintenance margin rate such as 0.004");
                rateOk = false;
            }
            if (nonNegative(at + ".amount", tier.amount(), false) && floorOk && rateOk && tier.amount() != null
                    && tier.amount() > tier.notionalFloor() * tier.rate() * (1 + 1e-9)) {
                // an exchange's maintenance amount keeps the margin continuous across tiers, so at the tier's floor
                // the maintenance margin (floor x rate - amount) is never negative; a larger one is a typo or garbage
                error(at + ".amount", Format.of("must be at most notionalFloor x rate (%s x %s = %.2f): the "
                        + "maintenance margin at the tier's floor cannot be negative", tier.notionalFloor(),
                        tier.rate(), tier.notionalFloor() * tier.rate()));
            }
        }
        if (!fromZero) {
            error("$.instrument.maintenanceTiers", "must include a tier with notionalFloor 0");
        }
    }

    private void checkPosition(EvaluationRequest.Position p) {
        text("$.position.id", p.id(), false);
        if (p.side() == null) {
            error("$.position.side", "is required: LONG or SHORT");
        }
        positive("$.position.quantity", p.quantity(), true);
        positive("$.position.averageEntryPrice", p.averageEntryPrice(), true);
        positive("$.position.peakQuantity", p.peakQuantity(), false);
        if (p.peakQuantity() != null && p.quantity() != null && p.peakQuantity() < p.quantity()) {
            error("$.position.peakQuantity", "must be at least the position's quantity");
        }
        count("$.position.addsCount", p.addsCount());
        positive("$.position.firstEntryPrice", p.firstEntryPrice(), false);
        positive("$.position.initialStopPrice", p.initialStopPrice(), false);
        positive("$.position.stopPrice", p.stopPrice(), false);
        leverage("$.position.leverage", p.leverage(), true);
        positive("$.position.entryAtr", p.entryAtr(), false);
        positive("$.position.highestPrice", p.highestPrice(), false);
        positive("$.position.lowestPrice", p.lowestPrice(), false);
        count("$.position.tiersTaken", p.tiersTaken());
        checkTakeProfits(p.takeProfits());
    }

    private void checkTakeProfits(List<TakeProfit> takeProfits) {
        if (takeProfits == null) {
            return;
        }
        if (takeProfits.size() > MAX_TAKE_PROFITS) {
            error("$.position.takeProfits", "must have at most " + MAX_TAKE_PROFITS + " targets (limit)");
            return;
        }
        double total = 0;
        for (int i = 0; i < takeProfits.size(); i++) {
            String at = "$.position.takeProfits[" + i + "]";
            TakeProfit tp = takeProfits.get(i);
            if (tp == null) {
                error(at, "must be an object");
                continue;
            }
            positive(at + ".price", tp.price(), true);
            if (required(at + ".share", tp.share())) {
                if (!(tp.share() > 0 && tp.share() <= 1)) {
                    error(at + ".share", "must be in (0, 1]: the share of the peak size to take");
                } else {
                    total += tp.share();
                }
            }
        }
        if (total > 1 + 1e-9) {
            error("$.position.takeProfits", "shares add up to more than 1");
        }
    }

    /**
     * A REVIEW whose last price has reached the position's stop: it closes everything (rule 11) and reads no ATR, so
     * it is decided without one. A trading system that has lost its market data can still be told to close.
     */
    private static boolean stopHit(EvaluationRequest r) {
        EvaluationRequest.Position p = r.position();
        EvaluationRequest.Market m = r.market();
        return r.intent() != null && r.intent().type() == IntentType.REVIEW && p != null && p.side() != null
                && p.stopPrice() != null && m != null && m.lastPrice() != null
                && p.side().sign() * (m.lastPrice() - p.stopPrice()) <= 0;
    }

    private void checkMarket(EvaluationRequest.Market market, IntentType type, boolean stopHit) {
        if (market == null) {
            error("$.market", "is required");
            return;
        }
        positive("$.market.lastPrice", market.lastPrice(), true);
        positive("$.market.markPrice", market.markPrice(), false);
        positive("$.market.atr", market.atr(), false);
        int candles = checkCandles(market.candles());
        boolean needsAtr = type == IntentType.OPEN || type == IntentType.ADD || type == IntentType.REVIEW && !stopHit;
        if (needsAtr && market.atr() == null && candles <= ATR_PERIOD) {
            error("$.market.atr", "is required for " + type + " (or give at least " + (ATR_PERIOD + 1)
                    + " candles to compute ATR(" + ATR_PERIOD + ") from)");
        } else if (needsAtr && market.atr() == null && !(Facts.atrFromCandles(market.candles()) > 0)) {
            // Sizing divides by the ATR, as a given market.atr of 0 would: flat candles are refused the same way.
            error("$.market.candles", "give an ATR(" + ATR_PERIOD + ") of 0 (no candle moves): the ATR must be "
                    + "positive, so send market.atr or candles that move");
        }
    }

    /** Returns the number of valid candles (0 if any is invalid). */
    private int checkCandles(List<Candle> candles) {
        if (candles == null) {
            return 0;
        }
        if (candles.size() > MAX_CANDLES) {
            error("$.market.candles", "must have at most " + MAX_CANDLES + " candles (limit); ATR(" + ATR_PERIOD
                    + ") needs " + (ATR_PERIOD + 1) + ", a few hundred settle it");
            return 0;
        }
        int before = errors.size();
        for (int i = 0; i < candles.size(); i++) {
            String at = "$.market.candles[" + i + "]";
            Candle c = candles.get(i);
            if (c == null) {
                error(at, "must be an object");
                continue;
            }
            if (c.time() == null) {
                error(at + ".time", "is required");
            } else if (InstantRange.EVENT.check(at + ".time", c.time(), errors) != null // 1970: seconds sent as ms
                    && i > 0 && candles.get(i - 1) != null && candles.get(i - 1).time() != null
                    && !c.time().isAfter(candles.get(i - 1).time())) {
                error(at + ".time", "must be later than the previous candle's: candles go oldest first");
            }
            boolean prices = positive(at + ".open", c.open(), true) & positive(at + ".high", c.high(), true)
                    & positive(at + ".low", c.low(), true) & positive(at + ".close", c.close(), true);
            if (prices && (c.high() < Math.max(c.open(), c.close()) || c.low() > Math.min(c.open(), c.close()))) {
                error(at, "high and low must bracket open and close");
            }
        }
        return errors.size() == before ? candles.size() : 0;
    }

    // ---- field checks; each returns whether the value is present and valid ----

    private boolean required(String field, Object value) {
        if (value == null) {
            error(field, "is required");
            return false;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            error(field, "must be a finite number");
            return false;
        }
        return true;
    }

    private boolean positive(String field, Double value, boolean mandatory) {
        if (value == null) {
            return !mandatory || required(field, null);
        }
        if (!Double.isFinite(value)) {
            error(field, "must be a finite number");
            return false;
        }
        if (value <= 0) {
            error(field, "must be greater than 0");
            return false;
        }
        return inRange(field, value);
    }

    private boolean inRange(String field, double value) {
        if (value < MIN_AMOUNT || value > MAX_AMOUNT) {
            error(field, "must be between 1e-12 and 1e12 (limit)");
            return false;
        }
        return true;
    }

    private void leverage(String field, Integer value, boolean mandatory) {
        if (value == null) {
            if (mandatory) {
                error(field, "is required");
            }
        } else if (value < 1 || value > MAX_LEVERAGE) {
            error(field, "must be from 1 to " + MAX_LEVERAGE + " (limit)");
        }
    }

    private void count(String field, Integer value) {
        if (value != null && (value < 0 || value > MAX_COUNT)) {
            error(field, "must be from 0 to " + MAX_COUNT + " (limit)");
        }
    }

    /** Whether {@code value} raised no error here (absent and optional counts as none). */
    private boolean nonNegative(String field, Double value, boolean mandatory) {
        if (value == null) {
            if (mandatory) {
                error(field, "is required");
            }
            return !mandatory;
        } else if (!Double.isFinite(value)) {
            error(field, "must be a finite number");
        } else if (value < 0) {
            error(field, "must not be negative");
        } else if (value > MAX_AMOUNT) {
            error(field, "must be at most 1e12 (limit)");
        } else {
            return true;
        }
        return false;
    }

    private void text(String field, String value, boolean mandatory) {
        if (value == null || value.isBlank()) {
            if (mandatory) {
                error(field, "is required");
            }
        } else if (value.length() > MAX_TEXT) {
            error(field, "must be at most " + MAX_TEXT + " characters (limit)");
        }
    }

    private void error(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }
}
