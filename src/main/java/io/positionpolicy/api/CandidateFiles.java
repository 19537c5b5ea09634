package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of a validation: {@code {"files": {"path": "text"}, "replace": false}}. By default the files are laid over
 * the current rules directory (replacing or adding those paths); with {@code "replace": true} they are the whole
 * candidate. Paths ending in .drl are rules, {@code tests/*.yaml} scenarios.
 */
record CandidateFiles(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {

    static CandidateFiles parse(byte[] body, Path directory) {
        JsonNode root = RequestParser.tree(body);
        List<FieldError> errors = new ArrayList<>();
        JsonNode files = root.path("files");
        if (!files.isObject() || files.isEmpty()) {
            errors.add(new FieldError("$.files", "is required: an object of path -> file text"));
        }
        JsonNode replace = root.path("replace");
        if (!replace.isMissingNode() && !replace.isBoolean()) {
            errors.add(new FieldError("$.replace", "must be true or false"));
        }
        SortedMap<String, String> drl = replace.asBoolean(false) ? new TreeMap<>() : RuleSources.readDrl(directory);
        SortedMap<String, String> scenarios = replace.asBoolean(false) ? new TreeMap<>()
                : RuleSources.readScenarios(directory);
        Iterator<Map.Entry<String, JsonNode>> entries = files.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String path = entry.getKey();
            String at = "$.files['" + path + "']";
            if (!entry.getValue().isTextual()) {
                errors.add(new FieldError(at, "must be the file's text"));
            } else if (path.contains("..") || path.startsWith("/") || path.contains("\\")) {
                errors.add(new FieldError(at, "must be a relative path inside the rules directory"));
            } else if (path.endsWith(".drl")) {
                drl.put(path, entry.getValue().asText());
            } else if (path.startsWith("tests/") && RuleSources.isScenarioFile(Path.of(path))) {
                scenarios.put(path, entry.getValue().asText());
            } else {
                errors.add(new FieldError(at, "must be a .drl file or a tests/*.yaml scenario file"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CandidateFiles(drl, scenarios);
    }
}
