package io.positionpolicy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Requests broken below JSON, in the HTTP bytes themselves, sent over a plain socket. */
@QuarkusTest
class MalformedHttpTest {
    @TestHTTPResource("/")
    URI server;

    /** A chunk size that is not hexadecimal was logged as an ERROR with Netty's whole stack trace. */
    @Test
    void aMalformedChunkSizeIsOneLogLineWithoutAStackTrace() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Logger guards = Logger.getLogger(HttpGuards.class.getName());
        Level level = guards.getLevel();
        guards.setLevel(Level.FINE); // so that the line it writes at DEBUG can be awaited
        root.addHandler(handler);
        String answer;
        try {
            answer = exchange("POST /api/v1/evaluations HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + TestUsers.TRADER.basic() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (logged.stream().noneMatch(r -> text(r).contains("chunk size")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            root.removeHandler(handler);
            guards.setLevel(level);
        }
        assertThat(answer).doesNotContain(" 500 ");
        assertThat(logged).as("the log").anyMatch(r -> text(r).contains("Invalid character in chunk size"));
        assertThat(logged).allSatisfy(record -> {
            assertThat(record.getThrown()).as(text(record)).isNull();
            assertThat(record.getLevel().intValue()).as(text(record)).isLessThanOrEqualTo(Level.WARNING.intValue());
            assertThat(text(record)).doesNotContain("\n");
        });
    }

    /** The record's message, its parameters and the exception it carries, if any. */
    private static String text(LogRecord record) {
        return record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                + (record.getThrown() == null ? "" : " " + record.getThrown());
    }

    /** Sends {@code request} as it is and reads until the server closes the connection (or 5 s pass). */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // a reset after the server closed: what arrived before it is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
