package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The worked example's requests, as JSON bodies, taken from rules/tests/worked-example.yaml (steps 1..7). */
final class WorkedExample {
    private static final List<Scenario> STEPS = load();

    private WorkedExample() {
    }

    /** Step 1, 2, 3, 3b, 3c, 4, 5, 6, 7 in that order: indices 0..8. */
    static String step(String name) {
        return given(name).toString();
    }

    static JsonNode given(String name) {
        int index = List.of("1", "2", "3", "3b", "3c", "4", "5", "6", "7").indexOf(name);
        return STEPS.get(index).given();
    }

    private static List<Scenario> load() {
        try {
            Path file = Path.of("rules/tests/worked-example.yaml");
            return ScenarioFiles.parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
