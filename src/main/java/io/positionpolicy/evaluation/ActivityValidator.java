package io.positionpolicy.evaluation;

import io.positionpolicy.model.EvaluationRequest;
import java.util.List;

/** Checks the optional {@code activity} of a request: every field may be left out, but one that is given must make sense. */
final class ActivityValidator {
    /** Entries a day beyond this are not a trading day but a mistake. */
    static final int MAX_ENTRIES = 1_000_000;

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
        InstantRange.EVENT.check("$.activity.lastStopOutAt", activity.lastStopOutAt(), errors);
    }
}
