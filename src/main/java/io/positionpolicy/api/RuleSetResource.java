package io.positionpolicy.api;

import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.audit.RuleSetArchive.ArchivedRuleSet;
import io.positionpolicy.evaluation.RuleSetUnavailableException;
import io.positionpolicy.rules.RuleSetHolder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The exact rule text behind any decision, from the rule-set archive. */
@Path("/api/v1/rulesets")
@Produces(MediaType.APPLICATION_JSON)
public class RuleSetResource {
    private final AuditStore store;
    private final RuleSetHolder holder;

    public RuleSetResource(AuditStore store, RuleSetHolder holder) {
        this.store = store;
        this.holder = holder;
    }

    @GET
    @Path("/active")
    @Operation(summary = "The active rule set: version, every file's text, activations")
    public ArchivedRuleSet active() {
        String version = holder.current().orElseThrow(RuleSetUnavailableException::new).version();
        return byVersion(version);
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "A rule set that was active at some time, by version (sha256:...)")
    public ArchivedRuleSet byVersion(@PathParam("version") String version) {
        return store.archive().find(version).orElseThrow(() -> new NotFoundException("no rule set " + version));
    }
}
