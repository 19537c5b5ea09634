package io.positionpolicy.evaluation;

import io.positionpolicy.model.EvaluationRequest;
import java.time.Instant;
import java.util.List;

/** Checks the optional {@code activity} of a request: every field may be left out, but one that is given must make sense. */
final class ActivityValidator {
    /** Entries a day beyond this are not a trading day but a mistake. */
    static final int MAX_ENTRIES = 1_000_000;
    /** The times a request may carry (a stop-out, a candle): anything outside is a unit or sign mistake. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private ActivityValidator() {
    }

    static void check(EvaluationRequest.Activity activity, List<FieldError> errors) {
        if (activity == null) {
            return;
        }
        Double pnl = activity.realizedPnlToday();
        if (pnl != null && (!Double.isFinite(pnl) || Math.abs(pnl) > RequestValidator.MAX_AMOUNT)) {
            errors.add(new FieldError("$.activity.realizedPnlToday", "must be a finite number between -"
                    + RequestValidator.MAX_AMOUNT + " and " + RequestValidator.MAX_AMOUNT + " (a loss is negative)"));
        }
        Double equity = activity.startOfDayEquity();
        if (equity != null && (!Double.isFinite(equity) || equity < RequestValidator.MIN_AMOUNT
                || equity > RequestValidator.MAX_AMOUNT)) {
            errors.add(new FieldError("$.activity.startOfDayEquity", "must be a positive finite number up to "
                    + RequestValidator.MAX_AMOUNT));
        }
        Integer entries = activity.entriesToday();
        if (entries != null && (entries < 0 || entries > MAX_ENTRIES)) {
            errors.add(new FieldError("$.activity.entriesToday", "must be from 0 to " + MAX_ENTRIES + " (limit)"));
        }
        Instant stopOut = activity.lastStopOutAt();
        if (stopOut != null && (stopOut.isBefore(EARLIEST) || stopOut.isAfter(LATEST))) {
            errors.add(new FieldError("$.activity.lastStopOutAt", "must be a time between " + EARLIEST + " and "
                    + LATEST));
        }
    }
}
