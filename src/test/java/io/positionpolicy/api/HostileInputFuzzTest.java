package io.positionpolicy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Sends at least 10,000 generated hostile requests to every endpoint, signed in: mutated valid requests, wrong types,
 * huge and tiny numbers, NaN and Infinity, deep nesting, long strings, invalid UTF-8, truncated bodies, wrong content
 * types and methods, broken credentials. No answer may be a 5xx, every error must be a problem naming its status, and
 * afterwards the service is healthy, every accepted evaluation is in the audit trail and the chain verifies.
 * Reproducible: {@code -Dfuzz.seed=...}, {@code -Dfuzz.requests=...}; the counts go to target/fuzz-report.txt.
 */
@QuarkusTest
class HostileInputFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    /** Answered requests wanted; the few the HTTP client itself refuses to send (bad header bytes) do not count. */
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byTarget = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final LongAdder journaled = new LongAdder();
    private HostileRequests requests;

    @Test
    void noHostileRequestBreaksTheServiceOrTheRecord() throws Exception {
        requests = new HostileRequests();
        long checkedBefore = verify().get("checked").asLong();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger sent = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            int w = worker;
            running.add(pool.submit(() -> {
                Random random = new Random(SEED * 31 + w);
                for (int i = w; sent.get() < REQUESTS; i += 4) {
                    if (send(requests.next(random, i))) {
                        sent.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();

        String report = report(sent.get());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/fuzz-report.txt"), report.getBytes(StandardCharsets.UTF_8)); // lone surrogates -> ?
        assertThat(failures).as(report).isEmpty();
        assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(byTarget.keySet()).as("every endpoint was hit").containsAll(List.of("evaluate", "batch",
                "validate-json", "validate-multipart", "reload", "audit-search", "audit-record", "audit-export",
                "audit-stats", "audit-verify", "ruleset-version", "ruleset-diff", "ruleset-history",
                "ruleset-operations", "ruleset-status", "ruleset-active", "health", "metrics", "openapi", "unknown",
                "backtest-start", "impact", "backtests", "backtest-job"));
        assertThat(byStatus.keySet()).noneMatch(s -> s.startsWith("5"));

        JsonNode health = JSON.readTree(get("/q/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode verify = verify();
        assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.get("checked").asLong() - checkedBefore).as("every answered evaluation was recorded")
                .isEqualTo(journaled.sum());
    }

    // ---- generation ----

    /** Sends the shot and checks the answer; false when the HTTP client refused to send it. */
    private boolean send(HostileRequests.Shot shot) {
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(shot.path().substring(1)))
                    .timeout(Duration.ofSeconds(60))
                    .method(shot.method(), publisher(shot.body()));
            if (shot.contentType() != null && !shot.contentType().isEmpty()) {
                request.header("Content-Type", shot.contentType());
            }
            if (shot.authorization() != null) {
                request.header("Authorization", shot.authorization());
            }
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException e) {
                // a pooled connection the server had closed after an earlier answer (Connection: close): once more
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IllegalArgumentException e) {
            count(byTarget, shot.target());
            count(byStatus, "not sent"); // the HTTP client would not send it (e.g. a control character)
            return false;
        } catch (Exception e) {
            failures.add(describe(shot) + " -> no answer: " + e);
            return true;
        }
        count(byTarget, shot.target());
        int status = response.statusCode();
        count(byStatus, String.valueOf(status));
        if (status >= 500) {
            failures.add(describe(shot) + " -> " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
            return true;
        }
        if (status >= 400) {
            checkProblem(shot, response);
        } else if (status == 200 && shot.method().equals("POST")
                && (shot.target().equals("evaluate") || shot.target().equals("batch"))) {
            countJournaled(shot, response);
        }
        return true;
    }

    /** Most bodies go with a Content-Length; one in seven is streamed chunked, without one. */
    private static HttpRequest.BodyPublisher publisher(byte[] body) {
        if (body.length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return body.length % 7 == 0
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
    }

    private void checkProblem(HostileRequests.Shot shot, HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (shot.method().equals("HEAD")) {
            return;
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (!type.startsWith("application/problem+json") || problem == null
                    || !problem.path("type").asText().startsWith("urn:position-policy:problem:")
                    || problem.path("status").asInt() != response.statusCode()
                    || text.contains("Exception") || text.contains("\tat ")) {
                failures.add(describe(shot) + " -> " + response.statusCode() + " not a clean problem (" + type + "): "
                        + abbreviate(text));
            }
        } catch (Exception e) {
            failures.add(describe(shot) + " -> " + response.statusCode() + " not JSON (" + type + "): "
                    + abbreviate(text));
        }
    }

    private void countJournaled(HostileRequests.Shot shot, HttpResponse<byte[]> response) {
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (shot.target().equals("evaluate")) {
                journaled.increment();
            } else if (shot.target().equals("batch")) {
                answer.path("results").forEach(result -> {
                    if (result.has("evaluationId")) {
                        journaled.increment();
                    }
                });
            }
        } catch (Exception e) {
            failures.add(describe(shot) + " -> 200 but not JSON: " + e.getMessage());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .header("Authorization", TestUsers.AUDITOR.basic()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode verify() throws Exception {
        return JSON.readTree(get("/api/v1/audit/verify").body());
    }

    private String report(int sent) {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(k, v.sum()));
        Map<String, Long> targets = new TreeMap<>();
        byTarget.forEach((k, v) -> targets.put(k, v.sum()));
        long fourxx = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("4"))
                .mapToLong(Map.Entry::getValue).sum();
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("5"))
                .mapToLong(Map.Entry::getValue).sum();
        return "seed " + SEED + ": answered " + sent + ", 2xx " + statuses.entrySet().stream()
                .filter(e -> e.getKey().startsWith("2")).mapToLong(Map.Entry::getValue).sum() + ", 4xx " + fourxx
                + ", 5xx " + fivexx + ", evaluations journaled " + journaled.sum() + "\nby status " + statuses
                + "\nby endpoint " + targets + "\nfailures (" + failures.size() + "):\n"
                + String.join("\n", failures.stream().limit(40).toList()) + "\n";
    }

    private static String describe(HostileRequests.Shot shot) {
        return shot.method() + " " + abbreviate(shot.path()) + " [" + shot.contentType() + "] "
                + abbreviate(new String(shot.body(), StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
