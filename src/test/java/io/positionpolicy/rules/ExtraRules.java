package io.positionpolicy.rules;

/** A valid rule file that tests add to the shipped rules to make a new version: it changes no decision. */
public final class ExtraRules {
    /** {@code extra/Notes.drl}: a note on every review. */
    public static final String NOTES = """
            package extra;
            import io.positionpolicy.model.facts.*;
            rule "Every review: note it"
            when
                Review()
            then
                insert( new Note("reviewed") );
            end
            """;

    private ExtraRules() {
    }

    /** The same file with its rule renamed, so that it makes yet another version. */
    public static String notes(String ruleName) {
        return NOTES.replace("Every review: note it", ruleName);
    }
}
