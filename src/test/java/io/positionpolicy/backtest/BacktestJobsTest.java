package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.rules.StandardRuleSet;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job queue on one worker, kept busy by a first job that waits on a pipe no one writes to yet. */
class BacktestJobsTest {
    @TempDir
    Path dir;

    /** A queued job that was cancelled stayed QUEUED until a worker came free, minutes behind a long backtest. */
    @Test
    void aQueuedJobIsCancelledAtOnce() throws Exception {
        Path pipe = dir.resolve("busy.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        try (BacktestJobs jobs = new BacktestJobs(1, null, null)) {
            BacktestJobs.Job busy = jobs.start(pipe, "busy.csv", StandardRuleSet.get(), "active",
                    BacktestSettings.defaults(), "risk");
            BacktestJobs.Job queued = jobs.start(Path.of("candles", "btcusdt_1h_binance_spot_20180209-20250331.csv.gz"),
                    "btc", StandardRuleSet.get(), "active", BacktestSettings.defaults(), "risk");

            BacktestJobs.View answer = jobs.cancel(queued.id()).orElseThrow();
            assertThat(answer.status()).isEqualTo("CANCELLED");
            assertThat(answer.finishedAt()).isNotNull();
            assertThat(queued.view().status()).isEqualTo("CANCELLED");

            try (OutputStream release = Files.newOutputStream(pipe)) {
                release.write("datetime,open,high,low,close,volume\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            busy.future.get(); // a pipe is no candle file (it cannot seek): the first job ends, the worker is free
            assertThat(queued.view().status()).isEqualTo("CANCELLED");
        }
    }

    /** Each finished job makes the store forget the jobs older than policy.backtest.keep-for; zero keeps them all. */
    @Test
    void aFinishedJobMakesTheStoreForgetTheExpiredOnes() throws Exception {
        Path csv = dir.resolve("flat.csv");
        StringBuilder rows = new StringBuilder("datetime,open,high,low,close,volume\n");
        for (int i = 0; i < 30; i++) {
            rows.append(String.format("2026-01-%02d 00:00:00,100,101,99,100,1%n", i + 1));
        }
        Files.writeString(csv, rows);
        for (Duration keepFor : new Duration[] {Duration.ofDays(90), Duration.ZERO}) {
            List<Instant> asked = new CopyOnWriteArrayList<>();
            JobLedger recording = (JobLedger) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {JobLedger.class}, (proxy, method, args) -> { // keeps nothing, records the forget
                        if (method.getName().equals("forgetFinishedBefore")) {
                            asked.add((Instant) args[0]);
                            return 0;
                        }
                        return method.invoke(JobLedger.NONE, args);
                    });
            try (BacktestJobs jobs = new BacktestJobs(1, null, null, recording, keepFor)) {
                BacktestJobs.Job job = jobs.start(csv, "flat.csv", StandardRuleSet.get(), "active",
                        BacktestSettings.defaults(), "risk");
                job.future.get();
                assertThat(job.view().status()).isEqualTo("DONE");
                if (keepFor.isZero()) {
                    assertThat(asked).isEmpty();
                } else {
                    assertThat(asked).containsExactly(job.view().finishedAt().minus(keepFor));
                }
            }
        }
    }
}
