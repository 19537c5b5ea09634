package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.TestUsers;
import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.cluster.RuleSetStore;
import io.positionpolicy.rules.RuleFilesSource.RuleFiles;
import io.positionpolicy.rules.RuleSources;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three packaged replicas on one PostgreSQL database with notifications on: a rule change through A serves on B and C;
 * a user added once signs in everywhere; a backtest started through A is read through C; a version the replicas
 * cannot compile leaves them on the previous one and the cluster view shows the disagreement; a HALT set through A
 * refuses the next order on B within 1 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final List<String> REPLICAS = List.of("replica-a", "replica-b", "replica-c");
    private static final String GLOBAL = "\"scope\": \"GLOBAL\", ";
    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ClusterHarness(Map.of());
        cluster.start(REPLICAS.toArray(String[]::new));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyReplicaServesTheSeededVersionAndTheClusterAgrees() throws Exception {
        String seeded = cluster.serving("replica-a");
        for (String id : REPLICAS) {
            assertThat(cluster.serving(id)).isEqualTo(seeded);
        }
        JsonNode view = cluster.get("replica-b", "/api/v1/cluster", TestUsers.AUDITOR);
        assertThat(view.path("activeVersion").asText()).isEqualTo(seeded);
        assertThat(view.path("agree").asBoolean()).as(view.toString()).isTrue();
        assertThat(view.path("replicas")).hasSize(3);
        assertThat(view.findValuesAsText("instanceId")).containsExactlyInAnyOrderElementsOf(REPLICAS);
    }

    @Test
    @Order(2)
    void aRuleChangeThroughAServesOnBAndC() throws Exception {
        String changed = propagate(cluster, "notify");
        JsonNode view = cluster.get("replica-c", "/api/v1/cluster", TestUsers.AUDITOR);
        assertThat(view.path("activeVersion").asText()).isEqualTo(changed);
    }

    /** Saves an edit of Parameters.drl through A; waits until B and C serve it; records how long that took. */
    static String propagate(ClusterHarness cluster, String mode) throws Exception {
        JsonNode files = cluster.get("replica-a", "/api/v1/rulesets/files", TestUsers.RISK_MANAGER);
        JsonNode parameters = null;
        for (JsonNode file : files.path("files")) {
            if (file.path("path").asText().equals("parameters/Parameters.drl")) {
                parameters = file;
            }
        }
        assertThat(parameters).as("Parameters.drl in the store's active version").isNotNull();
        String text = parameters.path("text").asText() + "\n// edited through replica-a at " + System.nanoTime() + "\n";
        long started = System.nanoTime();
        HttpResponse<String> saved = cluster.http.send(HttpRequest.newBuilder(
                        cluster.uri("replica-a", "/api/v1/rulesets/files/parameters/Parameters.drl"))
                .header("Authorization", TestUsers.RISK_MANAGER.basic()).header("Content-Type", "text/plain")
                .header("If-Match", "\"" + parameters.path("sha256").asText() + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        long savedAt = System.nanoTime();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        String version = ClusterHarness.JSON.readTree(saved.body()).path("report").path("version").asText();
        assertThat(cluster.serving("replica-a")).isEqualTo(version);
        for (String id : List.of("replica-b", "replica-c")) {
            ClusterHarness.await(id + " serves " + version, () -> cluster.serving(id).equals(version));
        }
        long everywhere = System.nanoTime();
        ClusterHarness.record("cluster-propagation.txt", String.format(
                "%s: a save through replica-a took %d ms; every replica served the new version %d ms after the "
                        + "save answered (%d ms after it was sent); from the activation's commit to each replica's "
                        + "swap (checked, compiled, scenarios run): %s", mode, (savedAt - started) / 1_000_000,
                (everywhere - savedAt) / 1_000_000, (everywhere - started) / 1_000_000, swaps(cluster, version)));
        return version;
    }

    /** Per replica: milliseconds from the commit of the activation to the replica recording its own activation. */
    private static String swaps(ClusterHarness cluster, String version) throws Exception {
        try (java.sql.Connection c = cluster.connect();
                java.sql.PreparedStatement s = c.prepareStatement("SELECT a.instance_id, EXTRACT(EPOCH FROM "
                        + "(a.activated_at - r.activated_at)) * 1000 FROM ruleset_activation a, cluster_ruleset r "
                        + "WHERE a.version = ? AND r.version = a.version ORDER BY a.instance_id")) {
            s.setString(1, version);
            StringBuilder out = new StringBuilder();
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append(' ').append(Math.round(rs.getDouble(2))).append(" ms; ");
                }
            }
            return out.toString();
        }
    }

    @Test
    @Order(3)
    void aUserAddedOnceSignsInOnAllThree() throws Exception {
        String output = cluster.command("new-desk-password-1\n", "users", "add", "desk-9", "--roles", "trader",
                "--password-stdin");
        assertThat(output).contains("desk-9").contains("the database");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                "desk-9:new-desk-password-1".getBytes(StandardCharsets.UTF_8));
        for (String id : REPLICAS) {
            ClusterHarness.await("desk-9 signs in on " + id, () -> cluster.http.send(
                    HttpRequest.newBuilder(cluster.uri(id, "/api/v1/me")).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    @Test
    @Order(4)
    void aBacktestStartedThroughAIsReadThroughC() throws Exception {
        HttpResponse<String> started = cluster.http.send(HttpRequest.newBuilder(
                        cluster.uri("replica-a", "/api/v1/backtests"))
                .header("Authorization", TestUsers.RISK_MANAGER.basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"file\": \"ethusdt_1h_binance_spot_20170817-20221024.csv.gz\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = ClusterHarness.JSON.readTree(started.body()).path("id").asText();
        ClusterHarness.await("backtest " + id + " done, read through replica-c", () -> cluster.get("replica-c",
                "/api/v1/backtests/" + id, TestUsers.AUDITOR).path("status").asText().equals("DONE"));
        JsonNode job = cluster.get("replica-c", "/api/v1/backtests/" + id, TestUsers.AUDITOR);
        assertThat(job.path("result").path("policy").path("trades").size()).isGreaterThan(0);
        assertThat(job.path("result").path("source").asText()).startsWith("ethusdt_1h");
        HttpResponse<String> chart = cluster.http.send(HttpRequest.newBuilder(
                        cluster.uri("replica-c", "/api/v1/backtests/" + id + "/equity.svg"))
                .header("Authorization", TestUsers.AUDITOR.basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).startsWith("<svg");
        assertThat(cluster.get("replica-b", "/api/v1/backtests", TestUsers.AUDITOR).findValuesAsText("id"))
                .contains(id);
    }

    @Test
    @Order(5)
    void aVersionTheReplicasCannotCompileLeavesThemOnThePreviousOne() throws Exception {
        String before = cluster.serving("replica-a");
        Path broken = PackagedService.copyOfRules(cluster.work.resolve("broken"), true);
        Files.writeString(broken.resolve("entry/Broken.drl"),
                "package io.positionpolicy.rules.entry;\nrule \"unfinished\" when\n");
        // the import checks it as a replica would and refuses it, storing nothing
        assertThat(cluster.command(1, "", "rules", "import", broken.toString()))
                .contains("would not load on the replicas, so nothing was imported").contains("entry/Broken.drl");
        assertThat(cluster.command("", "rules", "list")).contains("* " + before);
        // one that reaches the store all the same (a hand-edited database, a build whose check differs) leaves every
        // replica on the version it serves
        try (AuditDatabase db = AuditDatabase.open(cluster.url, "postgres", null, 4, Duration.ofSeconds(10))) {
            new RuleSetStore(db.dataSource(), true).activate(new RuleFiles(RuleSources.readDrl(broken),
                    RuleSources.readScenarios(broken)), null, "hand-edit");
        }
        Path exported = cluster.work.resolve("exported");
        assertThat(cluster.command("", "rules", "export", "active", exported.toString())).contains("Exported");
        assertThat(Files.readString(exported.resolve("entry/Broken.drl"))).contains("unfinished");
        assertThat(Files.readString(exported.resolve("tests/worked-example.yaml")))
                .isEqualTo(Files.readString(broken.resolve("tests/worked-example.yaml")));
        assertThat(cluster.command("", "rules", "list")).contains("* sha256:").contains("  " + before);
        ClusterHarness.await("every replica reports the broken version rejected", () -> {
            JsonNode view = cluster.get("replica-b", "/api/v1/cluster", TestUsers.AUDITOR);
            String active = view.path("activeVersion").asText();
            for (JsonNode replica : view.path("replicas")) {
                if (!replica.path("lastAttempt").asText().startsWith("rejected " + active)) {
                    return false;
                }
            }
            return !active.equals(before);
        });
        JsonNode view = cluster.get("replica-a", "/api/v1/cluster", TestUsers.AUDITOR);
        assertThat(view.path("agree").asBoolean()).as(view.toString()).isFalse();
        for (JsonNode replica : view.path("replicas")) {
            assertThat(replica.path("servingVersion").asText()).isEqualTo(before);
            assertThat(replica.path("agrees").asBoolean()).isFalse();
            assertThat(replica.path("lastErrors").asText()).contains("entry/Broken.drl");
        }
        for (String id : REPLICAS) {
            assertThat(cluster.serving(id)).isEqualTo(before);
            HttpResponse<String> decision = cluster.http.send(HttpRequest.newBuilder(
                            cluster.uri(id, "/api/v1/evaluations"))
                    .header("Authorization", TestUsers.TRADER.basic()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            Files.readString(Path.of("examples/worked-example-step1.json")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(decision.statusCode()).isEqualTo(200);
            assertThat(ClusterHarness.JSON.readTree(decision.body()).path("rulesetVersion").asText())
                    .isEqualTo(before);
            assertThat(cluster.http.send(HttpRequest.newBuilder(cluster.uri(id, "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("still ready on the previous version")
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(6)
    void aSecondReplicaWithARunningReplicasInstanceIdRefusesToStart() throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(cluster.settings());
        properties.put("policy.audit.instance-id", "replica-a");
        properties.put("quarkus.http.port", String.valueOf(ClusterHarness.freePort()));
        properties.put("policy.data-dir", cluster.work.resolve("data-clash").toString());
        try (PackagedService clash = PackagedService.start(properties, List.of("-Xmx256m", "-XX:+UseSerialGC"))) {
            assertThat(clash.awaitExit(ClusterHarness.DEADLINE)).isNotZero();
            assertThat(clash.output()).contains("another running replica uses the instance id 'replica-a'");
        }
        assertThat(cluster.serving("replica-a")).isNotEmpty();
    }

    @Test
    @Order(7)
    void aHaltSetThroughARefusesTheNextOrderOnBWithinOneSecond() throws Exception {
        String order = Files.readString(Path.of("examples/worked-example-step1.json"));
        assertThat(evaluate("replica-b", order).path("violations").findValuesAsText("code"))
                .doesNotContain("TRADING_HALTED");
        // A rehearsal on another account first, so the measured HALT times the propagation rather than each replica's
        // first run of these code paths (class loading, a cold JIT on a busy machine took seconds).
        String warmUp = "\"scope\": \"ACCOUNT\", \"accountId\": \"acc-warm-up\", ";
        assertThat(setState("replica-a", warmUp, "HALTED", "rehearsal").statusCode()).isEqualTo(200);
        long rehearsal = cluster.get("replica-a", "/api/v1/controls/trading-states", TestUsers.AUDITOR)
                .path("changeSeq").asLong();
        ClusterHarness.await("replica-b sees the rehearsal", () -> cluster.get("replica-b",
                "/api/v1/controls/trading-states", TestUsers.AUDITOR).path("changeSeq").asLong() >= rehearsal);
        assertThat(evaluate("replica-b", order.replace("\"acc-1\"", "\"acc-warm-up\"")).path("violations")
                .findValuesAsText("code")).contains("TRADING_HALTED");
        assertThat(setState("replica-a", warmUp, "ACTIVE", "rehearsal over").statusCode()).isEqualTo(200);
        try {
            long sent = System.nanoTime();
            HttpResponse<String> halted = setState("replica-a", GLOBAL, "HALTED", "cluster kill-switch drill");
            long committed = System.nanoTime();
            assertThat(halted.statusCode()).as(halted.body()).isEqualTo(200);
            long seq = ClusterHarness.JSON.readTree(halted.body()).path("seq").asLong();
            // The event: replica-b's in-force states reflect the change; the 1 s counts from the commit.
            long seen = ClusterHarness.within(java.time.Duration.ofSeconds(1),
                    "replica-b sees trading-state change " + seq, () -> cluster.get("replica-b",
                            "/api/v1/controls/trading-states", TestUsers.AUDITOR).path("changeSeq").asLong() >= seq);
            JsonNode refused = evaluate("replica-b", order);
            long answered = System.nanoTime();
            assertThat(refused.path("verdict").asText()).as(refused.toString()).isEqualTo("REJECT");
            assertThat(refused.path("violations").findValuesAsText("code")).containsExactly("TRADING_HALTED");
            assertThat(refused.path("tradingStates").findValuesAsText("reason")).contains("cluster kill-switch drill");
            long millis = (answered - committed) / 1_000_000;
            ClusterHarness.record("cluster-propagation.txt", String.format("trading state: a HALT set through "
                    + "replica-a (answered in %d ms) was seen by replica-b after %d ms and refused the next order "
                    + "there %d ms after it was committed", (committed - sent) / 1_000_000, seen, millis));
            assertThat(millis).as("HALT through A to a refusal on B, ms").isLessThan(1000);
        } finally {
            HttpResponse<String> cleared = setState("replica-b", GLOBAL, "ACTIVE", "drill over");
            assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        }
        long seq = cluster.get("replica-b", "/api/v1/controls/trading-states", TestUsers.AUDITOR).path("changeSeq")
                .asLong();
        ClusterHarness.within(java.time.Duration.ofSeconds(1), "replica-a sees the clearing change " + seq,
                () -> cluster.get("replica-a", "/api/v1/controls/trading-states", TestUsers.AUDITOR)
                        .path("changeSeq").asLong() >= seq);
        assertThat(evaluate("replica-a", order).path("violations").findValuesAsText("code"))
                .doesNotContain("TRADING_HALTED");
        assertThat(cluster.get("replica-a", "/api/v1/controls/trading-states/verify", TestUsers.AUDITOR)
                .path("ok").asBoolean()).isTrue();
    }

    /** PUTs a state change through a replica; {@code scope} is the JSON members naming the scope and its keys. */
    private static HttpResponse<String> setState(String id, String scope, String state, String reason)
            throws Exception {
        return cluster.http.send(HttpRequest.newBuilder(cluster.uri(id, "/api/v1/controls/trading-states"))
                .header("Authorization", TestUsers.RISK_MANAGER.basic()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{" + scope + "\"state\": \"" + state
                        + "\", \"reason\": \"" + reason + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode evaluate(String id, String order) throws Exception {
        HttpResponse<String> decision = cluster.http.send(HttpRequest.newBuilder(cluster.uri(id, "/api/v1/evaluations"))
                .header("Authorization", TestUsers.TRADER.basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(decision.statusCode()).as(decision.body()).isEqualTo(200);
        return ClusterHarness.JSON.readTree(decision.body());
    }
}
