package io.positionpolicy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditFilter;
import io.positionpolicy.audit.RuleSetDiff;
import io.positionpolicy.backtest.BacktestJobs;
import io.positionpolicy.backtest.BacktestSettings;
import io.positionpolicy.backtest.CandleLibrary;
import io.positionpolicy.backtest.ImpactReplay;
import io.positionpolicy.backtest.SettingsReader;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InstantRange;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.rules.RuleSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What the change-set API asks of governance, parsed: request bodies checked field by field (every bad field in one
 * problem), zips of rule files, and the detail view with the diff against the live files.
 */
@ApplicationScoped
public class ChangeSetRequests {
    private static final int MAX_FILES = 500;
    private final Governance governance;
    private final ImpactReplay impact;
    private final BacktestJobs backtests;
    private final CandleLibrary candles;
    private final RuleSetReloader reloader;

    public ChangeSetRequests(Governance governance, ImpactReplay impact, BacktestJobs backtests, CandleLibrary candles,
            RuleSetReloader reloader) {
        this.governance = governance;
        this.impact = impact;
        this.backtests = backtests;
        this.candles = candles;
        this.reloader = reloader;
    }

    /**
     * A change set with what the console shows beside it.
     *
     * @param tables the table sheet of each {@code .drl.xlsx} workbook in the change set as CSV (the workbook itself
     *               is in the change set's files as Base64): what the console's grid shows and edits
     * @param changedMeanwhile its files whose live text is no longer the text they replace: another change went live
     *               in them since, which a rebase has to take in (a scenario file does not move the active version)
     */
    public record Detail(ChangeSet changeSet, RuleSetDiff.Result diff, int requiredApprovals, String activeVersion,
            Map<String, String> tables, List<String> changedMeanwhile) {
    }

    public List<ChangeSet> list(String state, String author) {
        if (state != null && !Governance.isState(state)) {
            throw new InvalidRequestException(List.of(new FieldError("state", "must be one of "
                    + java.util.Arrays.toString(ChangeSet.State.values()))));
        }
        return governance.changeSets().list(state, author, 200);
    }

    public ChangeSet create(JsonNode body, String principal) {
        List<FieldError> errors = new ArrayList<>();
        String title = body.path("title").isTextual() ? body.get("title").asText().strip() : "";
        if (title.isEmpty() || title.length() > 200) {
            errors.add(new FieldError("$.title", "is required: 1 to 200 characters"));
        }
        if (body.hasNonNull("description") && !body.get("description").isTextual()) {
            errors.add(new FieldError("$.description", "must be a string"));
        }
        Instant activateAt = instant(body, errors);
        Map<String, String> files = files(body, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return governance.changeSets().create(title, text(body, "description", false),
                withWorkbooks(files, governance.changeSets().liveFiles()), activateAt, principal);
    }

    /** A zip whose entries are rule files by their path in the rules directory. */
    public ChangeSet fromZip(String title, String description, InputStream zip, String principal) {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    String path = entry.getName().startsWith("rules/") ? entry.getName().substring(6) : entry.getName();
                    files.put(path, DecisionTables.text(path, in.readAllBytes())); // a workbook as Base64
                }
                if (files.size() > MAX_FILES) {
                    throw new InvalidRequestException(List.of(new FieldError("body", "at most " + MAX_FILES
                            + " files")));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", "not a readable zip: " + e.getMessage())));
        }
        if (files.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "the zip holds no files")));
        }
        List<FieldError> errors = new ArrayList<>();
        checkPaths(files, errors, "body: ");
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        String name = title == null || title.isBlank() ? "Uploaded rule files" : title.strip();
        return governance.changeSets().create(name, description, files, null, principal);
    }

    /**
     * The files of an edit of change set {@code id}: as {@link #files}, with a workbook given as its sheet's CSV (the
     * console's grid) written into the change set's workbook of that path (a new one when it has none).
     */
    public Map<String, String> edits(String id, JsonNode body) {
        Map<String, String> files = files(body);
        return files.keySet().stream().anyMatch(DecisionTables::isWorkbook)
                ? withWorkbooks(files, governance.changeSets().tree(governance.changeSets().get(id))) : files;
    }

    /** {@code files} with each workbook given as CSV written into {@code base}'s workbook of that path. */
    private static Map<String, String> withWorkbooks(Map<String, String> files, Map<String, String> base) {
        files.replaceAll((path, text) -> text == null || !DecisionTables.isWorkbook(path) ? text
                : DecisionTables.fromEdit(path, text, base.get(path)));
        return files;
    }

    /** {@code files} of an edit: path → text, or null to delete. */
    public Map<String, String> files(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> files = files(body, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return files;
    }

    public Detail detail(String id) {
        ChangeSet set = governance.changeSets().get(id);
        SortedMap<String, String> live = governance.changeSets().liveFiles();
        SortedMap<String, String> after = governance.changeSets().tree(set);
        String active = RuleSources.version(ChangeSetFiles.drlOf(live));
        Map<String, String> tables = new TreeMap<>();
        set.files().forEach((path, text) -> {
            if (text != null && DecisionTables.isWorkbook(path)) {
                tables.put(path, DecisionTables.rendering(path, text));
            }
        });
        return new Detail(set, RuleSetDiff.between(active, live, "change set " + id, after),
                governance.changeSets().requiredApprovals(), active, tables,
                set.state().isFinal() ? List.of() : ChangeSetFiles.stale(set, live));
    }

    public Object act(String id, String action, JsonNode body, String principal) {
        ChangeSets sets = governance.changeSets();
        String comment = body == null ? null : text(body, "comment", false);
        return switch (action) {
            case "validate" -> {
                sets.validate(id, principal);
                yield detail(id);
            }
            case "accept-results" -> sets.acceptResults(id, principal);
            case "impact" -> impact(id);
            case "backtest" -> backtest(id, body, principal);
            case "propose" -> sets.propose(id, comment, principal);
            case "approve" -> sets.approve(id, comment, principal);
            case "reject" -> sets.reject(id, comment, principal);
            case "withdraw" -> sets.withdraw(id, comment, principal);
            case "rebase" -> sets.rebase(id, principal);
            case "activate" -> sets.activate(id, principal);
            case "schedule" -> {
                List<FieldError> errors = new ArrayList<>();
                Instant at = body == null ? null : instant(body, errors);
                if (!errors.isEmpty()) {
                    throw new InvalidRequestException(errors);
                }
                yield sets.schedule(id, at, principal);
            }
            default -> throw new IllegalArgumentException(action);
        };
    }

    public Map<String, Object> verify() {
        var broken = governance.verifyEvents();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", broken.isEmpty());
        broken.ifPresent(b -> result.put("firstProblem", b));
        return result;
    }

    /** The last 1,000 recorded decisions replayed against the change set; the report is kept with it. */
    private ImpactReplay.Report impact(String id) {
        ChangeSet set = governance.changeSets().get(id);
        RuleSet candidate = reloader.compileCandidate(ChangeSetFiles.drlOf(governance.changeSets().tree(set)));
        ImpactReplay.Report report = impact.replay(candidate,
                new AuditFilter(null, null, null, null, null, null, null, null, null, 1_000, null), 20);
        try {
            governance.changeSets().keepImpact(id, ResponseJson.mapper().writeValueAsString(report));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return report;
    }

    private BacktestJobs.View backtest(String id, JsonNode body, String principal) {
        ChangeSet set = governance.changeSets().get(id);
        if (body == null || !body.path("file").isTextual()) {
            throw new InvalidRequestException(List.of(new FieldError("$.file", "is required: a candle file")));
        }
        List<FieldError> errors = new ArrayList<>(); // every bad field is answered before the compile
        Path file = null;
        try {
            file = candles.resolve(body.get("file").asText());
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        BacktestSettings settings = SettingsReader.read(body, List.of("file"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        RuleSet candidate = reloader.compileCandidate(ChangeSetFiles.drlOf(governance.changeSets().tree(set)));
        BacktestJobs.Job job = backtests.start(file, body.get("file").asText() + " (change set " + set.title() + ")",
                candidate, "candidate", settings, principal);
        governance.changeSets().keepBacktest(id, job.id());
        return job.view();
    }

    private static Map<String, String> files(JsonNode body, List<FieldError> errors) {
        JsonNode files = body.path("files");
        Map<String, String> result = new TreeMap<>();
        if (!files.isObject() || files.isEmpty()) {
            errors.add(new FieldError("$.files", "is required: an object of path -> file text (null deletes)"));
            return result;
        }
        files.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                result.put(e.getKey(), e.getValue().asText());
            } else if (e.getValue().isNull()) {
                result.put(e.getKey(), null);
            } else {
                errors.add(new FieldError("$.files['" + e.getKey() + "']", "must be the file's text, or null"));
            }
        });
        checkPaths(result, errors, "");
        return result;
    }

    private static void checkPaths(Map<String, String> files, List<FieldError> errors, String prefix) {
        for (String path : files.keySet()) {
            String at = prefix.isEmpty() ? "$.files['" + path + "']" : "body";
            if (path.contains("..") || path.startsWith("/") || path.contains("\\") || path.startsWith(".")
                    || path.contains("/.")) {
                errors.add(new FieldError(at, prefix + path + " must be a relative path inside the rules directory"));
            } else if (!path.endsWith(".drl") && !io.positionpolicy.rules.DecisionTables.isTable(path)
                    && !(path.startsWith("tests/") && path.indexOf('/', 6) < 0
                    && (path.endsWith(".yaml") || path.endsWith(".yml")))) {
                errors.add(new FieldError(at, prefix + path + " must be a .drl file, a .drl.csv or .drl.xlsx decision table or a tests/*.yaml scenario file"));
            }
        }
    }

    /** {@code activateAt}: a time in the service's life, so a schedule for the year 1 or 3000 is refused. */
    private static Instant instant(JsonNode body, List<FieldError> errors) {
        JsonNode at = body.get("activateAt");
        if (at == null || at.isNull()) {
            return null;
        }
        return InstantRange.EVENT.parse("$.activateAt", at.asText(), errors);
    }

    /**
     * A text field; {@code required} ones that are missing or blank, and any that is not a string (a comment given as
     * a number was dropped without a word), are a problem naming the field.
     */
    public static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw new InvalidRequestException(List.of(new FieldError("$." + field, "must be a string")));
        }
        if (node == null || node.isNull() || node.asText().isBlank()) {
            if (required) {
                throw new InvalidRequestException(List.of(new FieldError("$." + field, "is required")));
            }
            return null;
        }
        return node.asText();
    }
}
