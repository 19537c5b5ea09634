package io.positionpolicy.rules;

/**
 * A change made on one version of the rules was about to go live while another version had become active (a
 * concurrent save, change set or rollback, on this replica or another): nothing of it was published.
 */
public final class RuleSetMovedException extends RuntimeException {
    private final String expected;
    private final String actual;

    public RuleSetMovedException(String expected, String actual) {
        super("the change was made on rule set " + expected + " but " + actual + " is active now; nothing of it went "
                + "live: apply it again on the active version");
        this.expected = expected;
        this.actual = actual;
    }

    /** The version the change was made on. */
    public String expected() {
        return expected;
    }

    /** The version active when it was about to go live. */
    public String actual() {
        return actual;
    }
}
