package io.positionpolicy.evaluation;

import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.RuleSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.kie.api.runtime.KieSession;

/** Runs one request through one rule set: validate, build the facts, fire the rules, assemble the decision. */
public final class Evaluator {
    /** A rule set that has not settled after this many firings is looping; the evaluation fails instead of hanging. */
    static final int MAX_FIRINGS = 10_000;

    private Evaluator() {
    }

    public static Decision evaluate(RuleSet ruleSet, EvaluationRequest request) {
        return evaluate(ruleSet, request, EvaluationIds.next(), Instant.now());
    }

    public static Decision evaluate(RuleSet ruleSet, EvaluationRequest request, UUID evaluationId, Instant at) {
        return evaluate(ruleSet, request, evaluationId, at, TradingStateSource.NONE);
    }

    /** Decides {@code request} at {@code at} under the trading states {@code states} has for its account and symbol. */
    public static Decision evaluate(RuleSet ruleSet, EvaluationRequest request, UUID evaluationId, Instant at,
            TradingStateSource states) {
        List<FieldError> errors = RequestValidator.validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Facts facts = Facts.from(request, at, states.applicable(request.account().id(), request.instrument().symbol()));
        FiringRecorder recorder = new FiringRecorder(ruleSet);
        KieSession session = ruleSet.newSession();
        try {
            session.addEventListener(recorder.agenda);
            session.addEventListener(recorder.facts);
            facts.forEach(session::insert);
            int fired = session.fireAllRules(MAX_FIRINGS);
            if (fired >= MAX_FIRINGS) {
                throw new RuleEngineException("the rule set did not settle after " + MAX_FIRINGS
                        + " rule firings; a rule probably keeps re-triggering itself");
            }
        } catch (RuleEngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuleEngineException("a rule failed during evaluation: " + rootMessage(e), e);
        } finally {
            session.removeEventListener(recorder.agenda);
            session.removeEventListener(recorder.facts);
            session.dispose();
        }
        return DecisionAssembler.assemble(evaluationId.toString(), request.requestId(), ruleSet.version(), at, facts,
                recorder);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
