package io.positionpolicy.rules;

import java.util.List;
import java.util.SortedMap;

/** A check a compiled candidate must pass before it may go live (the scenario files of rules/tests/). */
public interface CandidateCheck {
    /** Problems found; empty when the candidate passes. {@code scenarios} maps tests/ paths to their text. */
    List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios);

    /**
     * Starts the check on the candidate's text, before (and while) the service compiles it; the result is taken with
     * the compiled candidate. By default nothing starts early: the check runs on the compiled candidate.
     */
    default Started start(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {
        return candidate -> check(candidate, scenarios);
    }

    /** A check under way. */
    interface Started {
        /** Its problems; {@code candidate} is the rule set the service compiled from the same text. */
        List<RuleProblem> finish(RuleSet candidate);
    }
}
