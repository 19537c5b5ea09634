package io.positionpolicy.rules;

/** One error in a rule set: the file (relative to the rules directory), its line (0 when unknown) and what is wrong. */
public record RuleProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
