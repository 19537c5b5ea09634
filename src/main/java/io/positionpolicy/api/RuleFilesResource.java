package io.positionpolicy.api;

import io.positionpolicy.evaluation.CandidateFiles;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.rules.RuleFileEditor;
import io.positionpolicy.rules.SavePrecondition;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The files of the rules directory as they are on disk, and saving one through {@link RuleFileEditor}. */
@Path("/api/v1/rulesets/files")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class RuleFilesResource {
    private static final String IF_MATCH = "the file's sha256 as read from GET /api/v1/rulesets/files, in quotes "
            + "(or a list of them; weak tags never match); * to replace whatever the file holds; \"\" for a new file";
    private static final String IF_NONE_MATCH = "* for a new file (the save is refused if the file exists); or sha256s "
            + "the file must not hold";
    private final RuleFileEditor editor;
    private final SecurityIdentity caller;

    public RuleFilesResource(RuleFileEditor editor, SecurityIdentity caller) {
        this.editor = editor;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The rule and scenario files on disk, each with its sha256 for If-Match, and whether they "
            + "are the active version")
    public RuleFileEditor.Directory files() {
        return editor.files();
    }

    @PUT
    @Path("/{path: .+}")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Save one .drl, .drl.csv or tests/*.yaml file (a .drl.xlsx workbook as its Base64, or its "
            + "table sheet as CSV, written into the workbook): validated with the rest of the directory, written "
            + "atomically, then reloaded. 200 with the reload report; 422 a rules-invalid problem with the report "
            + "(nothing written); 428 without If-Match or If-None-Match; 412 when If-Match (the sha256 read) no "
            + "longer matches the file, If-None-Match: * meets a file that exists, or another version went live "
            + "while it was being saved (a cluster's shared rules)")
    public Response save(@PathParam("path") String path,
            @HeaderParam("If-Match") @Parameter(description = IF_MATCH) String ifMatch,
            @HeaderParam("If-None-Match") @Parameter(description = IF_NONE_MATCH) String ifNoneMatch, String text) {
        if (text == null) {
            throw new InvalidRequestException(List.of(new FieldError("body", "is required: the file's text")));
        }
        CandidateFiles candidate = CandidateFiles.of(Map.of(path, text), false, editor.source(), "path");
        try {
            String stored = candidate.drl().getOrDefault(path, text); // a workbook's CSV, written into the workbook
            RuleFileEditor.Saved saved = editor.save(path, new SavePrecondition(ifMatch, ifNoneMatch), stored, candidate.drl(), candidate.scenarios(),
                    caller.getPrincipal().getName());
            return saved.ok() ? Response.ok(saved).tag(new EntityTag(saved.sha256())).build()
                    : RulesRefusal.refusedSave(saved);
        } catch (RuleFileEditor.PreconditionRequired e) {
            return ProblemMappers.respond(new Problem("urn:position-policy:problem:precondition-required",
                    "Precondition Required", 428, e.getMessage(),
                    List.of(new FieldError("If-Match", "is required: " + IF_MATCH + "; or If-None-Match: *, for a new "
                            + "file")), null));
        } catch (RuleFileEditor.EditConflict e) {
            return ProblemMappers.respond(Problem.of("edit-conflict", "Precondition Failed", 412, e.getMessage()));
        } catch (RuleFileEditor.Governed e) {
            return ProblemMappers.respond(Problem.of("approval-required", "Conflict", 409, e.getMessage()));
        }
    }
}
