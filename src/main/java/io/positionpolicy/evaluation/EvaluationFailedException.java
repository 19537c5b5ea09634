package io.positionpolicy.evaluation;

/** The engine failed; {@code problemJson} is the recorded answer, sent as is. */
public class EvaluationFailedException extends RuntimeException {
    private final transient byte[] problemJson;

    public EvaluationFailedException(String message, byte[] problemJson) {
        super(message);
        this.problemJson = problemJson;
    }

    public byte[] problemJson() {
        return problemJson;
    }
}
