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
        EvaluationLimits limits = EvaluationLimits.current();
        KieSession session = ruleSet.newSession();
        RunGuard guard = new RunGuard(session, ruleSet, recorder, limits.timeBudget().toNanos());
        try {
            session.addEventListener(guard);
            facts.forEach(session::insert);
            int fired = guard.overrun() ? 0 : session.fireAllRules(guard, limits.maxFirings());
            recorder.finish();
            if (guard.overrun()) {
                throw new RuleEngineException("the evaluation ran out of its time budget of "
                        + limits.timeBudget().toMillis() + " ms (policy.evaluation.time-budget) " + guard.where()
                        + " after " + guard.firings() + " rule firings; it was halted", guard.rule(), guard.file(),
                        true, null);
            }
            if (fired >= limits.maxFirings()) {
                throw new RuleEngineException("the rule set did not settle after " + limits.maxFirings()
                        + " rule firings (policy.evaluation.max-firings); the last rule fired was " + guard.where()
                        + ", which probably keeps re-triggering itself or another rule", guard.rule(), guard.file(),
                        true, null);
            }
        } catch (RuleEngineException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new RuleEngineException("a rule failed " + guard.where() + ": " + describe(e), guard.rule(),
                    guard.file(), false, e);
        } finally {
            session.removeEventListener(guard);
            session.dispose();
        }
        return DecisionAssembler.assemble(evaluationId.toString(), request.requestId(), ruleSet.version(), at, facts,
                recorder);
    }

    /** What went wrong, in words: the root cause's message, or what an error like a stack overflow means. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof StackOverflowError) {
            return "StackOverflowError: the rule code recursed too deep";
        }
        if (root instanceof OutOfMemoryError) {
            return "OutOfMemoryError: the rule code asked for more memory than there is (" + root.getMessage() + ")";
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
