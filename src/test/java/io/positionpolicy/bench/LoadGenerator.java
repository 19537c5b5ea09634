package io.positionpolicy.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An HTTP load generator for the service (used by scripts/load.sh), built to add as little latency of its own as
 * possible when it shares the cores with the service. Two models:
 * <ul>
 *   <li>{@code rate > 0}: open model at a fixed rate. Request {@code i} is due at {@code start + i / rate}; the main
 *       thread parks until the next due time ({@link LockSupport#parkNanos}, finer than the event loop's millisecond
 *       timers) and hands every request due by then to the event loop. Latency is measured from the <em>intended</em>
 *       send time, so a stalled service shows up in the percentiles (no coordinated omission); when all connections
 *       are busy a request waits in the client's queue and that wait counts too;</li>
 *   <li>{@code rate = 0}: saturation with {@code connections} requests always in flight; latency from the actual
 *       send.</li>
 * </ul>
 * The client is Vert.x core's (on the class path through Quarkus): one event loop, a pool of {@code connections}
 * keep-alive HTTP/1.1 connections, no pipelining, the request body built once. All counting and the histogram live
 * on the event loop, so nothing is shared between threads but the hand-off. A warm-up phase of the same model runs
 * first and is discarded.
 * <p>
 * Usage: {@code LoadGenerator URL BODY_FILE|- USER:PASSWORD RATE CONNECTIONS WARMUP_S SECONDS} ({@code -}: a GET).
 * Prints one line: throughput, p50 / p99 / p99.9 / max latency, errors.
 */
public final class LoadGenerator {
    private static final long SECOND = 1_000_000_000L;

    private final Context loop;
    private final HttpClient client;
    private final RequestOptions request;
    private final Buffer body;

    private LoadGenerator(String url, Buffer body, String auth, int connections) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setPreferNativeTransport(false)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.loop = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(
                HttpVersion.HTTP_1_1).setKeepAlive(true).setPipelining(false).setTcpNoDelay(true)
                .setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.body = body;
        this.request = new RequestOptions().setAbsoluteURI(url).setIdleTimeout(30_000)
                .setMethod(body == null ? HttpMethod.GET : HttpMethod.POST).putHeader("Authorization", auth);
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
    }

    public static void main(String[] args) throws Exception {
        Buffer body = args[1].equals("-") ? null : Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
        String auth = "Basic " + Base64.getEncoder().encodeToString(args[2].getBytes());
        int rate = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        LoadGenerator generator = new LoadGenerator(args[0], body, auth, connections);
        generator.run(rate, connections, warmup);
        print(generator.run(rate, connections, seconds), rate, connections, seconds);
        System.exit(0);
    }

    private static void print(Phase r, int rate, int connections, int seconds) {
        Histogram h = r.latency;
        System.out.printf(Locale.ROOT, "%s %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, "
                + "%d errors of %d%n", rate > 0 ? "rate " + rate + "/s" : "saturation", "(" + connections
                + " in flight max)", r.completed / (double) seconds, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                r.errors, r.completed + r.errors);
    }

    private Phase run(int rate, int connections, int seconds) {
        return rate > 0 ? openModel(rate, seconds) : saturation(connections, seconds);
    }

    /** Sends request i at start + i / rate (handing every due request to the event loop), then waits for all. */
    private Phase openModel(int rate, int seconds) {
        Phase phase = new Phase(false);
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long next = 0;
        while (next < total) {
            parkUntil(start + next * SECOND / rate);
            long from = next;
            long now = System.nanoTime();
            while (next < total && start + next * SECOND / rate <= now) {
                next++;
            }
            long to = next;
            loop.runOnContext(v -> {
                for (long i = from; i < to; i++) {
                    phase.send(start + i * SECOND / rate);
                }
            });
        }
        return phase.finish();
    }

    /** Keeps {@code connections} requests in flight for the given time, then waits for the last ones. */
    private Phase saturation(int connections, int seconds) {
        Phase phase = new Phase(true);
        long end = System.nanoTime() + seconds * SECOND;
        loop.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                phase.send(System.nanoTime());
            }
        });
        parkUntil(end);
        return phase.finish();
    }

    private static void parkUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** One measured (or warm-up) phase; every field but {@link #done} is touched only on the event loop. */
    private final class Phase {
        final Histogram latency = new Histogram(3);
        final CompletableFuture<Phase> done = new CompletableFuture<>();
        final boolean refill;
        long sent;
        long completed;
        long errors;
        boolean stopped;

        Phase(boolean refill) {
            this.refill = refill;
        }

        /** Sends one request; {@code from} is the time its latency counts from. */
        void send(long from) {
            sent++;
            client.request(request).compose(this::send).compose(r -> r.body().map(b -> r.statusCode()))
                    .onComplete(result -> received(from, result));
        }

        private Future<HttpClientResponse> send(HttpClientRequest req) {
            return body == null ? req.send() : req.send(body);
        }

        private void received(long from, AsyncResult<Integer> result) {
            if (result.succeeded() && result.result() == 200) {
                completed++;
                latency.recordValue(Math.max(0, (System.nanoTime() - from) / 1_000));
            } else {
                errors++;
            }
            if (refill && !stopped) {
                send(System.nanoTime());
            }
            completeIfDrained();
        }

        /** Called from the main thread once nothing more is to be sent: waits until every answer is in. */
        Phase finish() {
            loop.runOnContext(v -> {
                stopped = true;
                completeIfDrained();
            });
            return done.join();
        }

        private void completeIfDrained() {
            if (stopped && completed + errors == sent) {
                done.complete(this);
            }
        }
    }
}
