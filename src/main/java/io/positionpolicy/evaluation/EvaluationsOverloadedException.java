package io.positionpolicy.evaluation;

/** More requests are waiting for an evaluation thread than the queue holds: answered 503 at once, not queued. */
public class EvaluationsOverloadedException extends RuntimeException {
    public EvaluationsOverloadedException(int queueCapacity) {
        super(queueCapacity + " evaluations are already waiting (policy.evaluation.queue-capacity); retry shortly");
    }
}
