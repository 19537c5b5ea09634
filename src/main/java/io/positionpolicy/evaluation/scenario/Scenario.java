package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One case of a scenario file in {@code rules/tests/}: a request ({@code given}, already merged over the file's
 * {@code defaults}) and what the decision must show ({@code expect}).
 */
public record Scenario(String file, int index, String note, JsonNode given, JsonNode expect, JsonNode context) {
    /** A scenario decided now, with every trading state ACTIVE. */
    public Scenario(String file, int index, String note, JsonNode given, JsonNode expect) {
        this(file, index, note, given, expect, null);
    }

    public String name() {
        return file + " #" + (index + 1) + ": " + note;
    }
}
