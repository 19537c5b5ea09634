package io.positionpolicy.packaged;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's HAProxy in front of the replicas, as deploy/haproxy.cfg sets it up, on a free port; stats by socket. */
final class HaproxyProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    /** A replica as HAProxy sees it: UP or DOWN (or a transition), and the requests it has sent to it. */
    record Server(String status, long sessions) {
    }

    final int port = ClusterHarness.freePort();
    private final Path socket;
    private final Path log;
    private final Process process;

    HaproxyProcess(Path dir, Map<String, Integer> replicas) throws IOException {
        if (!Files.isExecutable(BINARY)) { // like PostgreSQL: skipped locally, required in CI
            if ("1".equals(System.getenv("REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("HAProxy is required for this test: apt-get install haproxy");
            }
            org.junit.jupiter.api.Assumptions.abort("HAProxy not installed (apt-get install haproxy); skipped");
        }
        socket = dir.resolve("haproxy.sock");
        log = dir.resolve("haproxy.log");
        StringBuilder servers = new StringBuilder();
        replicas.forEach((id, p) -> servers.append("    server ").append(id).append(" 127.0.0.1:").append(p)
                .append(" check\n"));
        String config = Files.readString(Path.of("deploy/haproxy.cfg"))
                .replace("/run/haproxy-policy.sock", socket.toString())
                .replace("bind *:8080", "bind 127.0.0.1:" + port)
                .replaceAll("(?m)^    server .*\\n", "")
                .replace("shutdown-sessions\n", "shutdown-sessions\n" + servers)
                .replace("bind 127.0.0.1:8404", "bind 127.0.0.1:" + ClusterHarness.freePort());
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config);
        process = new ProcessBuilder(BINARY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Each server's status and total sessions, from {@code show stat}. */
    Map<String, Server> servers() throws IOException {
        Map<String, Server> servers = new HashMap<>();
        if (!Files.exists(socket)) {
            return servers;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder text = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                text.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            for (String line : text.toString().split("\n")) {
                String[] f = line.split(",", -1);
                if (f.length > 17 && f[0].equals("replicas") && !f[1].equals("BACKEND")) {
                    servers.put(f[1], new Server(f[17], Long.parseLong(f[7])));
                }
            }
        }
        return servers;
    }

    String status(String server) throws IOException {
        Server s = servers().get(server);
        return s == null ? "?" : s.status();
    }

    long sessions(String server) throws IOException {
        Server s = servers().get(server);
        return s == null ? 0 : s.sessions();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
