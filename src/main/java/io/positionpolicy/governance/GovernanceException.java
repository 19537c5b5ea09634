package io.positionpolicy.governance;

/**
 * A governed change that may not happen: {@code status} is 403 (this caller may not), 409 (not in this state, or
 * the base moved), 404 (no such change set) or 422 (the files do not validate).
 */
public class GovernanceException extends RuntimeException {
    private final int status;
    private final String type;

    public GovernanceException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    /** The problem type slug: {@code forbidden}, {@code change-set-conflict}, {@code not-found}, … */
    public String type() {
        return type;
    }

    static GovernanceException forbidden(String message) {
        return new GovernanceException(403, "forbidden", message);
    }

    static GovernanceException conflict(String message) {
        return new GovernanceException(409, "change-set-conflict", message);
    }

    static GovernanceException notFound(String id) {
        return new GovernanceException(404, "not-found", "no change set " + id);
    }
}
