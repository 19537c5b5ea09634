package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.positionpolicy.audit.TestStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Packaged replicas in cluster mode ({@code policy.rules.source=database}) on a PostgreSQL database of their own
 * ({@code pp_cluster_it_<random>}, dropped at the end), each on a free port with its own instance id.
 */
final class ClusterHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    final String database = "pp_cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
    final Path work;
    final Path seed;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> extra;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, PackagedService> replicas = new LinkedHashMap<>();

    ClusterHarness(Map<String, String> extra) throws Exception {
        TestStores.requirePostgres();
        this.extra = extra;
        this.work = Files.createTempDirectory("cluster-it");
        this.seed = PackagedService.copyOfRules(work.resolve("seed"), true);
        admin("CREATE DATABASE " + database);
    }

    /** Starts the named replicas at once (they race to seed the empty store) and waits until each is ready. */
    void start(String... ids) throws Exception {
        for (String id : ids) {
            launch(id);
        }
        for (String id : ids) {
            awaitReady(id);
        }
    }

    PackagedService launch(String id) throws IOException {
        int port = ports.computeIfAbsent(id, k -> freePort());
        Map<String, String> properties = new HashMap<>(settings());
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("policy.audit.instance-id", id);
        properties.put("policy.cluster.address", "127.0.0.1:" + port);
        properties.put("policy.data-dir", work.resolve("data-" + id).toString());
        properties.put("quarkus.log.category.\"io.positionpolicy\".level", "INFO");
        PackagedService service = PackagedService.start(properties, JVM);
        replicas.put(id, service);
        return service;
    }

    /** What every replica and every command of this cluster is given. */
    Map<String, String> settings() {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("policy.rules.source", "database");
        properties.put("policy.rules.seed-dir", seed.toString());
        properties.put("policy.db.url", url);
        properties.put("policy.db.user", TestStores.POSTGRES_USER);
        properties.put("policy.db.max-pool-size", "8");
        return properties;
    }

    void awaitReady(String id) throws Exception {
        await("replica " + id + " ready", () -> {
            if (!replicas.get(id).alive()) {
                throw new IllegalStateException("replica " + id + " exited:\n" + replicas.get(id).output());
            }
            try {
                return http.send(HttpRequest.newBuilder(uri(id, "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    URI uri(String id, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(id) + path);
    }

    JsonNode get(String id, String path, TestUsers user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(id, path))
                .header("Authorization", user.basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " on " + id + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The version a replica serves, as its status says. */
    String serving(String id) throws Exception {
        return get(id, "/api/v1/rulesets/status", TestUsers.ADMIN).path("activeVersion").asText();
    }

    /** Runs the jar as a command ({@code users ...}, {@code rules ...}) against this cluster's store. */
    String command(String stdin, String... args) throws Exception {
        return command(0, stdin, args);
    }

    /** Runs the packaged jar's command with this cluster's settings; it must exit with {@code exitCode}. */
    String command(int exitCode, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PackagedService.javaBinary()));
        settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", PackagedService.JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", args) + ":\n" + output).isEqualTo(exitCode);
        return output;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for a condition to hold (checked every 20 ms); fails after the generous deadline. */
    static long await(String what, Condition condition) throws Exception {
        long started = System.nanoTime();
        long deadline = started + DEADLINE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Waits for an event that must happen within {@code deadline} (checked every 5 ms, no longer than the deadline);
     * fails naming what did not happen. Returns the milliseconds it took.
     */
    static long within(Duration deadline, String what, Condition condition) throws Exception {
        long started = System.nanoTime();
        while (!condition.holds()) {
            if (System.nanoTime() - started > deadline.toNanos()) {
                throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    static <T> Predicate<T> not(Predicate<T> p) {
        return p.negate();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", TestStores.POSTGRES_USER);
        return new org.postgresql.Driver().connect(url, p);
    }

    private static void admin(String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", TestStores.POSTGRES_USER);
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", p);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Appends a line to a results file under target/ (figures for docs/PERFORMANCE.md). */
    static void record(String file, String line) throws IOException {
        System.out.println(line);
        Files.writeString(Path.of("target", file), line + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Override
    public void close() throws Exception {
        for (PackagedService replica : replicas.values()) {
            replica.close();
        }
        try {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
