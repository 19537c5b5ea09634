package io.positionpolicy.evaluation;

import java.util.concurrent.CompletableFuture;

/**
 * Durable record of evaluations. The returned future completes once the record is committed; an evaluation is
 * answered only then. It completes exceptionally when the record could not be stored.
 */
public interface DecisionJournal {
    CompletableFuture<Void> append(EvaluationRecord record);
}
