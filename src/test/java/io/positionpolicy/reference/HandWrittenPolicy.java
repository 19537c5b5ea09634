package io.positionpolicy.reference;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestValidator;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import java.time.Instant;
import java.util.List;

/**
 * The standard policy of rules/ written by hand in plain Java, no Drools: the "speed of light" the rule engine is
 * measured against ({@code ReferenceBenchmark}), and a second reading of the DRL that {@code HandWrittenPolicyTest}
 * holds to the same decisions. Test scope only; the product decides with the DRL.
 *
 * <p>It follows what the shipped DRL does (where that differs from POLICY.md the DRL wins; the test's Javadoc lists the
 * places) and builds the whole {@link Decision}: verdict, actions, violations and adjustments with their rule and
 * message, metrics, and the fired rules. The fired rules are reproduced by name, file and message, in the order Drools
 * fires them: phase by phase (rules/README.md), then by the rule's place in its DRL package. That order decides only
 * the order of the fired rules and of the adjustments, never what is decided (OrderIndependenceTest).
 *
 * <p>Only the request validator, the ATR and the message formatter are shared with the product, and the policy's
 * numbers, which {@link Parameters} reads from the compiled rules/parameters/Parameters.drl so that a parameter edit
 * needs no second edit here; every formula ({@link Exchange}, {@link EntryRules}, {@link ManagementRules}) and message
 * is written here again.
 */
public final class HandWrittenPolicy {
    private HandWrittenPolicy() {
    }

    /** Decides one request as the shipped rule set does; an invalid request throws as the evaluator's does. */
    public static Decision evaluate(EvaluationRequest request, String evaluationId, String rulesetVersion, Instant at) {
        List<FieldError> errors = RequestValidator.validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Evaluation evaluation = request.intent().type().isEntry() ? new EntryRules(request)
                : new ManagementRules(request);
        return evaluation.decide(evaluationId, request.requestId(), rulesetVersion, at);
    }
}
