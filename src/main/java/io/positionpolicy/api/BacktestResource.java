package io.positionpolicy.api;

import io.positionpolicy.backtest.BacktestJobs;
import io.positionpolicy.backtest.CandleLibrary;
import io.positionpolicy.backtest.EquityChart;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Backtests as jobs: start one, follow its progress, read its result and equity chart, cancel it. */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
public class BacktestResource {
    private final BacktestJobs jobs;
    private final CandleLibrary candles;
    private final SecurityIdentity caller;

    public BacktestResource(BacktestJobs jobs, CandleLibrary candles, SecurityIdentity caller) {
        this.jobs = jobs;
        this.candles = candles;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Start a backtest of a candle file in the data directory under the active rule set, an "
            + "archived version (rulesetVersion) or candidate files (files, replace); 202 with the job")
    public Response start(byte[] body) {
        BacktestJobs.Job job = jobs.start(JsonBodies.object(body), caller.getPrincipal().getName());
        return Response.accepted(job.view()).header("Location", "/api/v1/backtests/" + job.id()).build();
    }

    @GET
    @Operation(summary = "The 50 most recent backtests, oldest first, without their results")
    public List<BacktestJobs.View> recent() {
        return jobs.list();
    }

    @GET
    @Path("/files")
    @Operation(summary = "The candle files a backtest may read (CSV files with a candle header)")
    public List<String> candleFiles() {
        return candles.files();
    }

    @POST
    @Path("/uploads")
    @Consumes({"text/csv", "application/gzip", "application/octet-stream"}) // none a plain HTML form can send
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Upload a candle file (CSV, plain or gzipped): at most policy.api.max-body-size (8 MiB) as "
            + "sent and policy.api.max-decompressed-size (64 MiB) once decompressed, 413 naming the limit past either; "
            + "every row is checked, and the answer names the file to start a backtest with")
    public Response upload(@HeaderParam("X-File-Name") String name, InputStream body) throws IOException {
        return Response.status(201).entity(candles.store(name, body)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A backtest: status, progress (share of candles read) and, when done, the result")
    public BacktestJobs.View get(@PathParam("id") String id) {
        return job(id);
    }

    @GET
    @Path("/{id}/equity.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "Equity curves of policy and baseline with the policy's drawdowns shaded")
    public Response chart(@PathParam("id") String id) {
        BacktestJobs.View view = job(id);
        if (view.result() == null) {
            return ProblemMappers.respond(Problem.of("not-ready", "Not ready", 409,
                    "The backtest is " + view.status() + "; the chart exists once it is DONE"));
        }
        return Response.ok(EquityChart.svg(view.result()), "image/svg+xml").build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Cancel a backtest; it stops within a few thousand candles")
    public Response cancel(@PathParam("id") String id) {
        BacktestJobs.View view = jobs.cancel(id).orElseThrow(() -> new NotFoundException("no backtest " + id));
        return Response.accepted(view).build();
    }

    private BacktestJobs.View job(String id) {
        return jobs.view(id).orElseThrow(() -> new NotFoundException("no backtest " + id));
    }
}
