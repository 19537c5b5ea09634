package io.positionpolicy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.evaluation.CandidateFiles;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RuleSetUnavailableException;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which rules a backtest or an impact report runs: candidate {@code files} (merged over the rules directory unless
 * {@code replace} is true), an archived {@code rulesetVersion}, or else the active rule set. Candidates are compiled
 * and safety-checked, never activated.
 */
@ApplicationScoped
public class CandidateRuleSets {
    private final RuleSetHolder holder;
    private final AuditStore store;
    private final RuleSetReloader reloader;

    public CandidateRuleSets(RuleSetHolder holder, AuditStore store, RuleSetReloader reloader) {
        this.holder = holder;
        this.store = store;
        this.reloader = reloader;
    }

    /** The rule set a request body chooses with {@code files} / {@code replace} or {@code rulesetVersion}. */
    public RuleSet chosenBy(JsonNode body) {
        if (body.has("files")) {
            return reloader.compileCandidate(CandidateFiles.fromTree(body, reloader.source()).drl());
        }
        if (body.hasNonNull("rulesetVersion")) {
            String version = body.get("rulesetVersion").asText();
            if (store.archive().find(version).isEmpty()) { // a field of the body, like a file that is not there
                throw new InvalidRequestException(List.of(new FieldError("$.rulesetVersion", "no rule set " + version
                        + " in the archive: GET /api/v1/rulesets lists the versions")));
            }
            return archived(version);
        }
        return holder.current().orElseThrow(RuleSetUnavailableException::new);
    }

    /** An archived version, compiled again from its exact text. */
    public RuleSet archived(String version) {
        SortedMap<String, String> drl = new TreeMap<>();
        store.archive().find(version).orElseThrow(() -> new NotFoundException("no rule set " + version))
                .files().forEach((path, text) -> {
                    if (path.endsWith(".drl") || DecisionTables.isTable(path)) {
                        drl.put(path, text);
                    }
                });
        return reloader.compileCandidate(drl);
    }
}
