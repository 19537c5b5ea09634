package io.positionpolicy.rules;

import java.util.List;
import java.util.SortedMap;

/** A check a compiled candidate must pass before it may go live (the scenario files of rules/tests/). */
public interface CandidateCheck {
    /** Problems found; empty when the candidate passes. {@code scenarios} maps tests/ paths to their text. */
    List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios);
}
