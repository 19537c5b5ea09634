package io.positionpolicy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An HTTP load generator for the service (used by scripts/load.sh). Two models:
 * <ul>
 *   <li>{@code rate > 0}: open model at a fixed rate; latency is measured from when each request <em>should</em> have
 *       been sent, so a stalled service shows up in the percentiles (no coordinated omission);</li>
 *   <li>{@code rate = 0}: saturation with {@code connections} requests always in flight.</li>
 * </ul>
 * Usage: {@code LoadGenerator URL BODY_FILE|- USER:PASSWORD RATE CONNECTIONS WARMUP_S SECONDS} ({@code -}: a GET).
 * Prints one line:
 * throughput, p50 / p99 / p99.9 / max latency, errors.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = args[1].equals("-") ? null : Files.readAllBytes(Path.of(args[1]));
        String auth = "Basic " + Base64.getEncoder().encodeToString(args[2].getBytes());
        int rate = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30));
        HttpRequest request = body == null ? builder.GET().build() : builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        run(http, request, rate, connections, warmup, false);
        Result r = run(http, request, rate, connections, seconds, true);
        Histogram h = r.latency;
        System.out.printf(Locale.ROOT, "%s %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, "
                + "%d errors of %d%n", rate > 0 ? "rate " + rate + "/s" : "saturation", "(" + connections
                + " in flight max)", r.completed / (double) seconds, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                r.errors, r.completed + r.errors);
        System.exit(0);
    }

    private record Result(long completed, long errors, Histogram latency) {
    }

    private static Result run(HttpClient http, HttpRequest request, int rate, int connections, int seconds,
            boolean measured) throws InterruptedException {
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(connections);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long sent = 0;
        while (System.nanoTime() < end) {
            long intended;
            if (rate > 0) {
                intended = start + sent * 1_000_000_000L / rate;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            } else {
                intended = System.nanoTime();
            }
            inFlight.acquire();
            sent++;
            long from = rate > 0 ? intended : System.nanoTime();
            CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            call.whenComplete((response, failure) -> {
                inFlight.release();
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    completed.incrementAndGet();
                    latency.recordValue(Math.max(0, (System.nanoTime() - from) / 1_000));
                }
            });
        }
        inFlight.acquire(connections);
        inFlight.release(connections);
        return new Result(completed.get(), errors.get(), latency);
    }
}
