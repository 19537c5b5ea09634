package io.positionpolicy.api;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.files.AtomicFiles;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetLoader;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.rules.RuleSources;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The files of the rules directory as they are on disk, and saving one: the edit is validated first (compile, safety,
 * scenarios), written atomically, and then loaded by the same reload an edit on disk triggers. A save that would not
 * load writes nothing, so the directory never holds a rule set the service would refuse after a restart.
 */
@Path("/api/v1/rulesets/files")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class RuleFilesResource {
    private static final ReentrantLock SAVING = new ReentrantLock();

    private final RuleSetHolder holder;
    private final RuleSetReloader reloader;
    private final SecurityIdentity caller;

    public RuleFilesResource(RuleSetHolder holder, RuleSetLoader loader, SecurityIdentity caller) {
        this.holder = holder;
        this.reloader = loader.reloader();
        this.caller = caller;
    }

    /** One file of the directory; {@code sha256} is the value to send as {@code If-Match} when saving it. */
    public record RuleFile(String path, String kind, String sha256, String text) {
    }

    /** The directory: its version (as it would be if loaded), the active version, and every file. */
    public record Directory(String version, String activeVersion, boolean live, List<RuleFile> files) {
    }

    /** The outcome of a save: whether the file was written, its new hash, and the validation or reload report. */
    public record Saved(String path, boolean written, String sha256, ReloadReport report) {
    }

    @GET
    @Operation(summary = "The rule and scenario files on disk, each with its sha256 for If-Match, and whether they "
            + "are the active version")
    public Directory files() {
        SortedMap<String, String> drl = RuleSources.readDrl(reloader.directory());
        SortedMap<String, String> scenarios = RuleSources.readScenarios(reloader.directory());
        List<RuleFile> files = new ArrayList<>();
        drl.forEach((path, text) -> files.add(new RuleFile(path, "rules", sha256(text), text)));
        scenarios.forEach((path, text) -> files.add(new RuleFile(path, "scenario", sha256(text), text)));
        String version = drl.isEmpty() ? null : RuleSources.version(drl);
        String active = holder.current().map(RuleSet::version).orElse(null);
        return new Directory(version, active, version != null && version.equals(active), files);
    }

    @PUT
    @Path("/{path: .+}")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Save one .drl or tests/*.yaml file: validated with the rest of the directory, written "
            + "atomically, then reloaded. 200 with the reload report; 422 with the problems (nothing written); 412 "
            + "when If-Match (the sha256 read) no longer matches the file")
    public Response save(@PathParam("path") String path, @HeaderParam("If-Match") String ifMatch, String text) {
        if (text == null) {
            throw new InvalidRequestException(List.of(new FieldError("body", "is required: the file's text")));
        }
        String principal = caller.getPrincipal().getName();
        SAVING.lock();
        try {
            CandidateFiles candidate = CandidateFiles.fromTree(filesNode(path, text), reloader.directory());
            java.nio.file.Path file = reloader.directory().resolve(path).normalize();
            String current = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            if (ifMatch != null && !matches(ifMatch, current)) {
                return ProblemMappers.respond(Problem.of("edit-conflict", "Precondition Failed", 412,
                        "The file " + path + " changed since it was read (someone else saved it or it was edited on "
                                + "disk); reload it and apply your change again"));
            }
            ReloadReport validation = reloader.validate(candidate.drl(), candidate.scenarios(), principal);
            if (!validation.ok()) {
                return Response.status(422).entity(new Saved(path, false, current == null ? null : sha256(current),
                        validation)).build();
            }
            AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8), false); // hidden temp file, then rename
            ReloadReport reload = reloader.reload("save", principal);
            return Response.status(reload.ok() ? 200 : 422).entity(new Saved(path, true, sha256(text), reload))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + path, e);
        } finally {
            SAVING.unlock();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode filesNode(String path, String text) {
        return io.positionpolicy.evaluation.ResponseJson.mapper().valueToTree(Map.of("files", Map.of(path, text)));
    }

    private static boolean matches(String ifMatch, String current) {
        String expected = ifMatch.strip();
        if (expected.equals("*")) {
            return current != null;
        }
        if (expected.startsWith("\"") && expected.endsWith("\"") && expected.length() >= 2) {
            expected = expected.substring(1, expected.length() - 1);
        }
        return current == null ? expected.isEmpty() : expected.equals(sha256(current));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
