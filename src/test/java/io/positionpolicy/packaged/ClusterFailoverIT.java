package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Load through HAProxy on three replicas; one is killed with SIGKILL: every decision answered 200 is in the store,
 * every chain verifies, HAProxy stops sending to the dead replica, the clients' failures are only requests that were in
 * flight on it; the replica restarts on the same instance id, continues its chain and rejoins on the active version.
 */
class ClusterFailoverIT {
    private static final int CLIENTS = 8;
    private static final String VICTIM = "replica-b";

    @Test
    void killingAReplicaUnderLoadLosesNoAnsweredDecision() throws Exception {
        try (ClusterHarness cluster = new ClusterHarness(Map.of())) {
            cluster.start(ClusterIT.REPLICAS.toArray(String[]::new));
            try (HaproxyProcess haproxy = new HaproxyProcess(cluster.work, cluster.ports)) {
                run(cluster, haproxy);
            }
        }
    }

    private void run(ClusterHarness cluster, HaproxyProcess haproxy) throws Exception {
        for (String id : ClusterIT.REPLICAS) {
            ClusterHarness.await("HAProxy sees " + id + " UP", () -> haproxy.status(id).equals("UP"));
        }
        URI evaluations = URI.create("http://127.0.0.1:" + haproxy.port + "/api/v1/evaluations");
        String body = Files.readString(Path.of("examples/worked-example-step1.json"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> failedSentAt = new ConcurrentLinkedQueue<>(); // System.nanoTime() of each send
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (running.get()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = cluster.http.send(HttpRequest.newBuilder(evaluations)
                                .header("Authorization", TestUsers.TRADER.basic())
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            acknowledged.add(ClusterHarness.JSON.readTree(response.body()).get("evaluationId")
                                    .asText());
                        } else {
                            failedSentAt.add(sent);
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failedSentAt.add(sent);
                        failures.add(e.toString());
                    }
                }
            });
        }
        ClusterHarness.await("load answered through HAProxy", () -> acknowledged.size() > 300
                && haproxy.sessions(VICTIM) > 50);
        int failuresBeforeKill = failures.size();
        cluster.replicas.get(VICTIM).kill();

        long downAfter = ClusterHarness.await("HAProxy marks " + VICTIM + " DOWN",
                () -> haproxy.status(VICTIM).startsWith("DOWN"));
        long downSeen = System.nanoTime();
        long sentToDead = haproxy.sessions(VICTIM);
        int failuresUntilDown = failures.size() - failuresBeforeKill;
        int ackedAtDown = acknowledged.size();
        ClusterHarness.await("load goes on without " + VICTIM, () -> acknowledged.size() > ackedAtDown + 300);
        assertThat(haproxy.sessions(VICTIM)).as("HAProxy sends nothing to the dead replica").isEqualTo(sentToDead);
        int failuresWhileDown = failures.size() - failuresBeforeKill - failuresUntilDown;

        long restartedAt = System.currentTimeMillis();
        cluster.launch(VICTIM);
        cluster.awaitReady(VICTIM);
        ClusterHarness.await("HAProxy sends to " + VICTIM + " again", () -> haproxy.status(VICTIM).equals("UP")
                && haproxy.sessions(VICTIM) > sentToDead + 20);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        String active = cluster.get("replica-a", "/api/v1/cluster", TestUsers.AUDITOR).path("activeVersion").asText();
        assertThat(cluster.serving(VICTIM)).as("rejoined on the active version").isEqualTo(active);
        Set<String> stored = new HashSet<>();
        long victimAfterRestart;
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM audit_evaluation")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM audit_evaluation WHERE chain_id = ? "
                    + "AND evaluated_at > ?")) {
                p.setString(1, VICTIM);
                p.setObject(2, java.time.Instant.ofEpochMilli(restartedAt).atOffset(java.time.ZoneOffset.UTC));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    victimAfterRestart = rs.getLong(1);
                }
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        JsonNode verify = cluster.get("replica-c", "/api/v1/audit/verify", TestUsers.AUDITOR);
        String summary = String.format("kill test through HAProxy, %d clients: acknowledged %d, found %d, lost %d; "
                        + "client failures %d (%d before the kill, %d from the kill until HAProxy marked it DOWN %d ms "
                        + "later, %d while it was down, %d after its restart); %s wrote %d records after its restart; "
                        + "verify ok=%s checked=%s chains=%s", CLIENTS, acknowledged.size(),
                acknowledged.size() - lost.size(), lost.size(), failures.size(), failuresBeforeKill,
                failuresUntilDown, downAfter, failuresWhileDown,
                failures.size() - failuresBeforeKill - failuresUntilDown - failuresWhileDown, VICTIM,
                victimAfterRestart, verify.path("ok"), verify.path("checked"), verify.path("chains"));
        ClusterHarness.record("cluster-kill-test.txt", summary);
        failures.forEach(f -> System.out.println("client failure: " + f.substring(0, Math.min(200, f.length()))));

        assertThat(lost).as("answered 200 but not in the store").isEmpty();
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("checked").asLong()).isGreaterThanOrEqualTo(acknowledged.size());
        assertThat(failuresBeforeKill).as("no failures before the kill").isZero();
        // A request in flight on the killed replica may fail a moment after HAProxy marks it DOWN (HAProxy then
        // closes its sessions): what tells it from a request HAProxy sent to a dead replica is when it was sent.
        assertThat(failedSentAt).as("only requests in flight on the killed replica fail: each was sent before "
                + "HAProxy marked it DOWN").allMatch(sent -> sent - downSeen < 0);
        assertThat(failures.size()).as("at most one per client").isLessThanOrEqualTo(CLIENTS);
        assertThat(victimAfterRestart).as(VICTIM + " continues its chain after the restart").isPositive();
        assertThat(List.of(haproxy.status("replica-a"), haproxy.status("replica-c"))).containsOnly("UP");
    }
}
