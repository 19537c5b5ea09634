package io.positionpolicy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleFilesSource;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The candidate of a validation: {@code {"files": {"path": "text"}, "replace": false}}, or uploaded files whose names
 * are their paths. By default the files are laid over
 * the current rules directory (replacing or adding those paths); with {@code "replace": true} they are the whole
 * candidate. Paths ending in .drl are rules, {@code tests/*.yaml} scenarios; a {@code .drl.xlsx} workbook is given as
 * its Base64 or as its table sheet's CSV (written into the current workbook).
 */
public record CandidateFiles(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {

    /** Files given as path -> text (uploads, a saved file), laid over the directory unless {@code replace}. */
    public static CandidateFiles of(Map<String, String> files, boolean replace, RuleFilesSource base, String field) {
        if (files.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError(field, "give at least one file")));
        }
        return of(files, replace, base);
    }

    public static CandidateFiles parse(byte[] body, RuleFilesSource base) {
        return fromTree(RequestParser.tree(body), base);
    }

    /** {@code files} (path -> text) and {@code replace} of a JSON body that may carry other fields too. */
    public static CandidateFiles fromTree(JsonNode root, RuleFilesSource base) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode files = root.path("files");
        if (!files.isObject() || files.isEmpty()) {
            errors.add(new FieldError("$.files", "is required: an object of path -> file text"));
        }
        JsonNode replace = root.path("replace");
        if (!replace.isMissingNode() && !replace.isBoolean()) {
            errors.add(new FieldError("$.replace", "must be true or false"));
        }
        Map<String, String> texts = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = files.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getValue().isTextual()) {
                texts.put(entry.getKey(), entry.getValue().asText());
            } else {
                errors.add(new FieldError("$.files['" + entry.getKey() + "']", "must be the file's text"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return of(texts, replace.asBoolean(false), base);
    }

    private static CandidateFiles of(Map<String, String> files, boolean replace, RuleFilesSource base) {
        RuleFilesSource.RuleFiles current = replace ? null : base.read();
        SortedMap<String, String> drl = replace ? new TreeMap<>() : new TreeMap<>(current.drl());
        SortedMap<String, String> scenarios = replace ? new TreeMap<>() : new TreeMap<>(current.scenarios());
        List<FieldError> errors = new ArrayList<>();
        files.forEach((path, text) -> {
            String at = "$.files['" + path + "']";
            if (path.contains("..") || path.startsWith("/") || path.contains("\\")) {
                errors.add(new FieldError(at, "must be a relative path inside the rules directory"));
            } else if (path.startsWith(".") || path.contains("/.")) {
                errors.add(new FieldError(at, "must not be a hidden file or folder (the loader skips them)"));
            } else if (path.startsWith("tests/") && path.indexOf('/', "tests/".length()) >= 0) {
                errors.add(new FieldError(at, "scenario files live directly in tests/ (the loader reads no subfolders)"));
            } else if (path.endsWith(".drl") || DecisionTables.isTable(path)) {
                drl.put(path, DecisionTables.fromEdit(path, text, drl.get(path)));
            } else if (path.startsWith("tests/") && RuleSources.isScenarioFile(Path.of(path))) {
                scenarios.put(path, text);
            } else {
                errors.add(new FieldError(at,
                        "must be a .drl file or a tests/*.yaml scenario file (or a .drl.csv / .drl.xlsx decision table)"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CandidateFiles(drl, scenarios);
    }
}
