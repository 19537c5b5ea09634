package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.RuleSetUnavailableException;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which rules a backtest or an impact report runs: candidate {@code files} (merged over the rules directory unless
 * {@code replace} is true), an archived {@code rulesetVersion}, or else the active rule set.
 */
final class RuleSetChoice {
    private RuleSetChoice() {
    }

    /** The body as a JSON object, or a problem saying it must be one. */
    static JsonNode object(byte[] body) {
        JsonNode root = RequestParser.tree(body);
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "must be a JSON object")));
        }
        return root;
    }

    static RuleSet resolve(JsonNode body, RuleSetHolder holder, AuditStore store, RuleSetReloader reloader) {
        if (body.has("files")) {
            return reloader.compileCandidate(CandidateFiles.fromTree(body, reloader.directory()).drl());
        }
        if (body.hasNonNull("rulesetVersion")) {
            String version = body.get("rulesetVersion").asText();
            SortedMap<String, String> drl = new TreeMap<>();
            store.archive().find(version).orElseThrow(() -> new NotFoundException("no rule set " + version))
                    .files().forEach((path, text) -> {
                        if (path.endsWith(".drl")) {
                            drl.put(path, text);
                        }
                    });
            return reloader.compileCandidate(drl);
        }
        return holder.current().orElseThrow(RuleSetUnavailableException::new);
    }
}
