package io.positionpolicy.model.facts;

/** A blocking finding: any violation rejects the intent. The rule that inserted it is recorded by the engine. */
public record Violation(String code, String message) implements Explained {
    /** For DRL constraints such as {@code not Violation( code == "X" )}. */
    public String getCode() {
        return code;
    }
}
