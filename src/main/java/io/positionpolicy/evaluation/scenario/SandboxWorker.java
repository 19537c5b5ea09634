package io.positionpolicy.evaluation.scenario;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM of the sandbox ({@link SandboxMain}), started from the service's own classpath: its protocol lines
 * arrive in a queue that a reader thread fills, so the caller can wait for the next one with a deadline; killing it
 * ends whatever it runs, for certain.
 */
final class SandboxWorker implements AutoCloseable {
    /** Put in the queue when the worker's stdout ends: it exited or was killed. */
    static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream stdin;
    private final Path log;

    private SandboxWorker(Process process, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
        Thread reader = new Thread(this::read, "sandbox-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a worker JVM with heap {@code maxHeapBytes}; it is ready once its first line arrives. */
    static SandboxWorker start(long maxHeapBytes) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + Math.max(32, maxHeapBytes >> 20) + "m", "-Xss1m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-cp", classpath(),
                SandboxMain.class.getName()));
        String logManager = System.getProperty("java.util.logging.manager");
        if (logManager != null) {
            command.add(1, "-Djava.util.logging.manager=" + logManager);
        }
        Path log = Files.createTempFile("position-policy-sandbox-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new SandboxWorker(process, log);
    }

    /**
     * The classpath the service runs with, as a worker can use it: the surefire or IDE classpath as it is; the
     * Quarkus fast-jar {@code quarkus-run.jar} (whose own classpath is read by Quarkus' class loader, not the JVM's)
     * replaced by the application's jar and library folders next to it.
     */
    static String classpath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().equals("quarkus-run.jar")) {
                Path app = path.toAbsolutePath().getParent();
                for (String folder : List.of("app", "lib/main", "lib/boot")) {
                    entries.add(app.resolve(folder) + File.separator + "*");
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(SandboxMain.PREFIX)) {
                    lines.add(line.substring(SandboxMain.PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // the worker was killed while we read
        } finally {
            lines.add(END);
        }
    }

    void send(String json) throws IOException {
        stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next line, {@link #END} when the worker is gone, or null when none came within {@code nanos}. */
    String next(long nanos) throws InterruptedException {
        return lines.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code once it has exited (waits briefly for the exit to be reaped), or -1. */
    int exitCode() throws InterruptedException {
        return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** The end of the worker's own log (stderr), to say why it did not start or died. */
    String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2_000)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the worker and waits until it is gone. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind
        }
    }
}
