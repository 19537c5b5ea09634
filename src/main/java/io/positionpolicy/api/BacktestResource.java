package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.backtest.Bar;
import io.positionpolicy.backtest.BacktestJobs;
import io.positionpolicy.backtest.CandleFile;
import io.positionpolicy.backtest.BacktestSettings;
import io.positionpolicy.backtest.EquityChart;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.model.Tier;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetLoader;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Backtests as jobs: start one, follow its progress, read its result and equity chart, cancel it. */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
public class BacktestResource {
    /** Uploaded files are named {@code uploads/<hash>.csv}; they live in {@code <policy.data-dir>/uploads}. */
    static final String UPLOADS = "uploads/";
    private final BacktestJobs jobs;
    private final java.nio.file.Path dataDir;
    private final java.nio.file.Path uploadDir;
    private final RuleSetHolder holder;
    private final AuditStore store;
    private final RuleSetLoader loader;
    private final SecurityIdentity caller;

    public BacktestResource(PolicyConfig config, RuleSetHolder holder, AuditStore store, RuleSetLoader loader,
            SecurityIdentity caller) {
        this.jobs = new BacktestJobs(config.backtest().threads());
        this.dataDir = java.nio.file.Path.of(config.backtest().dataDir()).toAbsolutePath().normalize();
        this.uploadDir = java.nio.file.Path.of(config.dataDir(), "uploads").toAbsolutePath().normalize();
        this.holder = holder;
        this.store = store;
        this.loader = loader;
        this.caller = caller;
    }

    void stop(@Observes ShutdownEvent event) {
        jobs.close();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Start a backtest of a candle file in the data directory under the active rule set, an "
            + "archived version (rulesetVersion) or candidate files (files, replace); 202 with the job")
    public Response start(byte[] body) {
        JsonNode root = RuleSetChoice.object(body);
        java.nio.file.Path file = candleFile(root.path("file"));
        BacktestSettings settings = settings(root);
        RuleSet ruleSet = RuleSetChoice.resolve(root, holder, store, loader.reloader());
        BacktestJobs.Job job = jobs.start(file, root.path("file").asText(), ruleSet, settings,
                caller.getPrincipal().getName());
        return Response.accepted(job.view()).header("Location", "/api/v1/backtests/" + job.id()).build();
    }

    @GET
    @Operation(summary = "Recent backtests, oldest first, without their results")
    public List<BacktestJobs.View> list() {
        return jobs.list();
    }

    @GET
    @Path("/files")
    @Operation(summary = "The candle files a backtest may read (CSV files with a candle header)")
    public List<String> files() throws java.io.IOException {
        List<String> files = new ArrayList<>(candleFiles(dataDir, ""));
        files.addAll(candleFiles(uploadDir, UPLOADS));
        return files;
    }

    private static List<String> candleFiles(java.nio.file.Path dir, String prefix) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var paths = Files.walk(dir, 3)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .filter(CandleFile::hasCandleHeader)
                    .map(p -> prefix + dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** What an upload became: the name to start a backtest with, and what the file holds. */
    public record Upload(String file, long candles, Instant from, Instant to) {
    }

    @POST
    @Path("/uploads")
    @Consumes({"text/csv", "application/gzip", "application/octet-stream"}) // none a plain HTML form can send
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Upload a candle file (CSV, plain or gzipped; up to policy.api.max-body-size); every row is "
            + "checked, and the answer names the file to start a backtest with")
    public Response upload(@HeaderParam("X-File-Name") String name, java.io.InputStream body)
            throws java.io.IOException {
        String shown = shownName(name);
        Files.createDirectories(uploadDir);
        java.nio.file.Path temp = Files.createTempFile(uploadDir, ".upload", ".part");
        try {
            Files.copy(body, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long candles = 0;
            Bar first = null;
            Bar last = null;
            try (CandleFile candlesIn = CandleFile.open(temp)) {
                for (Bar bar = candlesIn.next(); bar != null; bar = candlesIn.next()) {
                    first = first == null ? bar : first;
                    last = bar;
                    candles++;
                }
            } catch (CandleFile.CandleFileException e) {
                throw new InvalidRequestException(List.of(new FieldError("body",
                        e.getMessage().replace(temp.toString(), shown)
                                .replace(temp.getFileName().toString(), shown))));
            }
            if (candles == 0) {
                throw new InvalidRequestException(List.of(new FieldError("body", shown + " holds no candles")));
            }
            boolean gzip;
            try (var in = Files.newInputStream(temp)) {
                gzip = in.read() == 0x1f && in.read() == 0x8b;
            }
            String stored = contentName(temp) + (gzip ? ".csv.gz" : ".csv");
            Files.move(temp, uploadDir.resolve(stored), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Response.status(201).entity(new Upload(UPLOADS + stored, candles,
                    Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()))).build();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A backtest: status, progress (share of candles read) and, when done, the result")
    public BacktestJobs.View get(@PathParam("id") String id) {
        return job(id).view();
    }

    @GET
    @Path("/{id}/equity.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "Equity curves of policy and baseline with the policy's drawdowns shaded")
    public Response chart(@PathParam("id") String id) {
        BacktestJobs.View view = job(id).view();
        if (view.result() == null) {
            return ProblemMappers.respond(io.positionpolicy.evaluation.Problem.of("not-ready", "Not ready", 409,
                    "The backtest is " + view.status() + "; the chart exists once it is DONE"));
        }
        return Response.ok(EquityChart.svg(view.result()), "image/svg+xml").build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Cancel a backtest; it stops within a few thousand candles")
    public Response cancel(@PathParam("id") String id) {
        jobs.cancel(id).orElseThrow(() -> new NotFoundException("no backtest " + id));
        return Response.accepted(job(id).view()).build();
    }

    /** The uploaded file's name for messages: {@code X-File-Name}, percent-encoded (header values are Latin-1). */
    private static String shownName(String header) {
        String name;
        try {
            name = header == null ? "" : java.net.URLDecoder.decode(header, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            name = header;
        }
        name = name.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return name.isEmpty() || name.length() > 100 ? "upload.csv" : name;
    }

    /** Uploads are named by their content, so uploading the same file twice keeps one copy. */
    private static String contentName(java.nio.file.Path file) throws java.io.IOException {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private BacktestJobs.Job job(String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no backtest " + id));
    }

    private java.nio.file.Path candleFile(JsonNode name) {
        if (!name.isTextual() || name.asText().isBlank()) {
            throw new InvalidRequestException(List.of(new FieldError("$.file",
                    "is required: a candle file in the data directory (GET /api/v1/backtests/files)")));
        }
        boolean uploaded = name.asText().startsWith(UPLOADS);
        java.nio.file.Path dir = uploaded ? uploadDir : dataDir;
        java.nio.file.Path file = dir.resolve(uploaded ? name.asText().substring(UPLOADS.length()) : name.asText())
                .normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
            throw new InvalidRequestException(List.of(new FieldError("$.file",
                    "no such file in the data directory; see GET /api/v1/backtests/files")));
        }
        return file;
    }

    private static BacktestSettings settings(JsonNode root) {
        BacktestSettings d = BacktestSettings.defaults();
        List<FieldError> errors = new ArrayList<>();
        Setting s = new Setting(root, errors);
        String symbol = s.text("symbol", d.symbol());
        Tier tier = Tier.STANDARD;
        if (root.hasNonNull("tier")) {
            try {
                tier = Tier.valueOf(root.get("tier").asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("$.tier", "must be STANDARD or EXPERIENCED"));
            }
        }
        BacktestSettings settings = new BacktestSettings(symbol,
                s.number("initialEquity", d.initialEquity(), 1, 1e12),
                tier,
                (int) s.number("breakoutBars", d.breakoutBars(), 2, 1000),
                s.number("stopAtr", d.stopAtr(), 0.1, 20),
                s.number("takerFee", d.takerFee(), 0, 0.01),
                s.number("fundingRatePer8h", d.fundingRatePer8h(), -0.01, 0.01),
                s.number("baselineRiskPct", d.baselineRiskPct(), 0.0001, 0.1),
                s.number("baselineTargetR", d.baselineTargetR(), 0.1, 50),
                (long) (s.number("maxGapToCarryHours", d.maxGapToCarryMillis() / 3_600_000.0, 0, 8760) * 3_600_000L),
                BacktestSettings.btcInstrument(symbol));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return settings;
    }

    /** Optional settings with their ranges; errors collected for one problem. */
    private record Setting(JsonNode root, List<FieldError> errors) {
        double number(String field, double fallback, double min, double max) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
                errors.add(new FieldError("$." + field, "must be a number from " + min + " to " + max));
                return fallback;
            }
            return node.asDouble();
        }

        String text(String field, String fallback) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 40) {
                errors.add(new FieldError("$." + field, "must be text of 1 to 40 characters"));
                return fallback;
            }
            return node.asText();
        }
    }
}
