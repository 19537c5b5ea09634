package io.positionpolicy.rules;

/**
 * One reason a rule set is not usable: its {@code kind} ({@code compile}, {@code safety}, {@code scenario},
 * {@code limit} (a scenario run that overran its time or memory budget), {@code archive}), the file (relative to the rules directory), the line (0 when unknown) and what is wrong.
 */
public record RuleProblem(String kind, String file, int line, String message) {
    public static final String COMPILE = "compile";
    public static final String SCENARIO = "scenario";
    public static final String ARCHIVE = "archive";
    public static final String LIMIT = "limit";

    public RuleProblem(String file, int line, String message) {
        this(COMPILE, file, line, message);
    }

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + (kind.equals(COMPILE) ? "" : kind + ": ") + message;
    }
}
