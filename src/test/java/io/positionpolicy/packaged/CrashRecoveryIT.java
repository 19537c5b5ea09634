package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.positionpolicy.audit.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged service with SIGKILL in the middle of concurrent evaluations, restarts it on the same store, and
 * checks that every evaluation that was answered 200 is in the audit trail and that the chain verifies.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;

    @Test
    void embeddedStoreLosesNothingAcknowledged() throws Exception {
        Path data = Files.createTempDirectory("crash-h2");
        crashAndRecover("h2", Map.of("policy.data-dir", data.toString()));
    }

    @Test
    void postgresLosesNothingAcknowledged() throws Exception {
        TestStores.requirePostgres();
        crashAndRecover("postgresql", Map.of(
                "policy.db.url", TestStores.POSTGRES_BASE + "?currentSchema=" + TestStores.freshSchema(),
                "policy.db.user", TestStores.POSTGRES_USER));
    }

    @Test
    void aStoreThatFailsMeansNoAnswerAndNothingAcknowledgedIsLost() throws Exception {
        TestStores.requirePostgres();
        String schema = TestStores.freshSchema();
        Map<String, String> properties = Map.of("policy.rules.dir", "rules",
                "policy.db.url", TestStores.POSTGRES_BASE + "?currentSchema=" + schema,
                "policy.db.user", TestStores.POSTGRES_USER, "policy.audit.commit-timeout", "2s");
        String body = Files.readString(Path.of("examples/worked-example-step1.json"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (PackagedService service = PackagedService.start(properties)) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            URI evaluations = URI.create("http://127.0.0.1:" + port + "/api/v1/evaluations");
            HttpRequest post = signedIn(evaluations).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            TestStores.execute("ALTER TABLE " + schema + ".audit_evaluation RENAME TO audit_evaluation_away");
            HttpResponse<String> refused = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("urn:position-policy:problem:audit-unavailable")
                    .doesNotContain("Exception");

            TestStores.execute("ALTER TABLE " + schema + ".audit_evaluation_away RENAME TO audit_evaluation");
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            JsonNode verify = JSON.readTree(http.send(signedIn(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/audit/verify")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
            assertThat(verify.path("checked").asLong()).isEqualTo(2);
        }
    }

    /** Waits until the clients have had {@code count} decisions acknowledged (at most a minute). */
    private static void awaitAcknowledged(Set<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " decisions acknowledged in a minute");
            }
            Thread.sleep(10);
        }
    }

    private void crashAndRecover(String kind, Map<String, String> store) throws Exception {
        Map<String, String> properties = new HashMap<>(store);
        properties.put("policy.audit.instance-id", "crash-node");
        properties.put("policy.rules.dir", "rules");
        String body = Files.readString(Path.of("examples/worked-example-step1.json"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        try (PackagedService service = PackagedService.start(properties)) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) { // warm-up, so the load runs at speed before the kill
                http.send(signedIn(URI.create("http://127.0.0.1:" + port + "/api/v1/evaluations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = http.send(signedIn(
                                            URI.create("http://127.0.0.1:" + port + "/api/v1/evaluations"))
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                acknowledged.add(JSON.readTree(response.body()).get("evaluationId").asText());
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
            awaitAcknowledged(acknowledged, 500); // the kill lands under load, with records in flight
            service.kill();
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }

        long found = 0;
        List<String> lost = new ArrayList<>();
        try (PackagedService restarted = PackagedService.start(properties)) {
            int port = restarted.awaitPort(Duration.ofSeconds(60));
            for (String id : acknowledged) {
                int status = http.send(signedIn(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/audit/evaluations/" + id)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    found++;
                } else {
                    lost.add(id);
                }
            }
            JsonNode verify = JSON.readTree(http.send(signedIn(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/audit/verify")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String summary = String.format("crash test on %s: acknowledged %d, found %d, lost %d, not answered %d; "
                    + "chain ok=%s checked=%s", kind, acknowledged.size(), found, lost.size(), failed.get(),
                    verify.path("ok"), verify.path("checked"));
            System.out.println(summary);
            Files.writeString(Path.of("target/crash-test-" + kind + ".txt"), summary + "\n");

            assertThat(acknowledged).as("the load produced answers before the kill").hasSizeGreaterThan(50);
            assertThat(lost).as("acknowledged but missing after the crash").isEmpty();
            assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
            assertThat(verify.path("checked").asLong()).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }

    private static HttpRequest.Builder signedIn(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", TestUsers.ADMIN.basic());
    }
}
