package io.positionpolicy.evaluation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The instants a request may carry, in query parameters or body fields: each is read and range-checked here, so that
 * every parameter answers a time it cannot use the same way, with a problem naming it and the range.
 * {@code Instant.parse} alone takes years up to ±1,000,000,000, which no database timestamp holds.
 */
public enum InstantRange {
    /**
     * Bounds of a search over what is stored (audit filters, replays): years 0001 to 9999, which timestamps hold in
     * both H2 and PostgreSQL; a bound before or after every record is fine, it just leaves that side open.
     */
    STORED(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            "must be an ISO-8601 instant in the years 0001 to 9999, such as 2026-01-31T00:00:00Z"),
    /**
     * Times of events in a trading account or in the service's life (a stop-out, a scheduled rule activation): a year
     * before 2000 or after 2200 is a typing mistake, not a plan.
     */
    EVENT(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2200-01-01T00:00:00Z"),
            "must be an ISO-8601 instant between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z");

    private final Instant earliest;
    private final Instant latest;
    private final String rule;

    InstantRange(Instant earliest, Instant latest, String rule) {
        this.earliest = earliest;
        this.latest = latest;
        this.rule = rule;
    }

    /** {@code text} as an instant in this range; null when absent, or when bad, with an error naming {@code field}. */
    public Instant parse(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return check(field, Instant.parse(text), errors);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, rule));
            return null;
        }
    }

    /** {@code value} when it is absent or in this range; else null, with an error naming {@code field}. */
    public Instant check(String field, Instant value, List<FieldError> errors) {
        if (value != null && (value.isBefore(earliest) || value.isAfter(latest))) {
            errors.add(new FieldError(field, rule));
            return null;
        }
        return value;
    }
}
