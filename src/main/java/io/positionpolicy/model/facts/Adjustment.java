package io.positionpolicy.model.facts;

/**
 * A change to what was asked: {@code field} went from {@code from} to {@code to}. {@code changesRequest} is false when
 * the trader asked nothing for that field (a default the rules refined), so it does not make the verdict ADJUST.
 */
public record Adjustment(String field, double from, double to, String message, boolean changesRequest)
        implements Explained {

    public Adjustment(String field, double from, double to, String message) {
        this(field, from, to, message, true);
    }
}
