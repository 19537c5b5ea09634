package io.positionpolicy.evaluation;

/** The engine failed; {@code problemJson} is the recorded answer, sent as is. */
public class EvaluationFailedException extends RuntimeException {
    private final transient byte[] problemJson;
    private final int status;

    public EvaluationFailedException(String message, byte[] problemJson) {
        this(message, problemJson, 422);
    }

    public EvaluationFailedException(String message, byte[] problemJson, int status) {
        super(message);
        this.problemJson = problemJson;
        this.status = status;
    }

    /** The HTTP status the recorded problem carries. */
    public int status() {
        return status;
    }

    public byte[] problemJson() {
        return problemJson;
    }
}
