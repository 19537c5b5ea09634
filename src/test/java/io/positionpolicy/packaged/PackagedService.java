package io.positionpolicy.packaged;

import io.positionpolicy.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged service (target/quarkus-app) as a separate process, as an operator would run it. */
final class PackagedService implements AutoCloseable {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** The build's class-data archive, which the README's run command starts with (scripts/class-data-archive.sh). */
    static final String CLASS_DATA_ARCHIVE = "-XX:SharedArchiveFile=target/quarkus-app/position-policy.jsa";
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;

    private PackagedService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static PackagedService start(Map<String, String> properties) throws IOException {
        return start(properties, List.of());
    }

    /** With JVM options (heap, GC) before the properties; every start uses the class-data archive, as the README's. */
    static PackagedService start(Map<String, String> properties, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), CLASS_DATA_ARCHIVE));
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=0");
        if (!properties.containsKey("policy.security.users-file")) {
            command.add("-Dpolicy.security.users-file=" + TestUsers.FILE);
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Files.createTempFile("position-policy", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PackagedService(process, log);
    }

    /** A scratch copy of the shipped rules (with or without their scenario files) for a service to run and edit. */
    static Path copyOfRules(Path to, boolean withScenarios) throws IOException {
        Path from = Path.of("rules");
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(p -> withScenarios || p.toString().endsWith(".drl")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return to;
    }

    /** Waits for the "Listening on" line; fails if the process exits first or the wait runs out. */
    int awaitPort(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(output());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("service not listening after " + timeout + ":\n" + output());
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("service still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as an operator or a container runtime stops the service; waits for it to end, returns the exit code. */
    int stop(Duration timeout) throws Exception {
        process.destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL: no shutdown hook, no flush, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Waits until the service's log holds {@code text}. */
    void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' in the log after " + timeout + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
