package io.positionpolicy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.Optional;

/** Settings under {@code policy.*}; see the configuration table in README.md. */
@ConfigMapping(prefix = "policy")
public interface PolicyConfig {

    Rules rules();

    Api api();

    /** Directory for the service's own files: the embedded audit database lives here. */
    @WithDefault("data")
    String dataDir();

    Db db();

    Audit audit();

    Security security();

    Backtest backtest();

    Cluster cluster();

    /** Replicas sharing one database (with {@code policy.rules.source=database}). */
    interface Cluster {
        /** Listen for PostgreSQL notifications of a new active rule set (the poll stays as the fallback). */
        @WithDefault("true")
        boolean notifications();

        /** How often each replica reads the active version and writes its heartbeat. */
        @WithDefault("2s")
        Duration pollInterval();

        /** A replica not seen for this long counts as gone (its running backtests are marked failed). */
        @WithDefault("15s")
        Duration staleAfter();

        /** How other replicas and operators reach this one (host:port); defaults to host name and HTTP port. */
        Optional<String> address();
    }

    Controls controls();

    interface Controls {
        /**
         * How often each replica looks at the trading states' change counter: a state set through one replica reaches
         * the others within this interval (the target is under 1 s).
         */
        @WithDefault("250ms")
        Duration pollInterval();
    }

    Evaluation evaluation();

    /** Bounds of one evaluation, on every path (live, batch, scenarios, impact, backtests). */
    interface Evaluation {
        /**
         * Time one evaluation may take. Checked between rule firings and fact changes: the engine is halted and the
         * evaluation answered with a problem naming the rule that was firing.
         */
        @WithDefault("5s")
        Duration timeBudget();

        /** Rule firings one evaluation may make before it counts as looping. */
        @WithDefault("10000")
        int maxFirings();

        /**
         * Threads that evaluate requests (0: one per core). A request waits for its audit record without holding one:
         * the answer is sent by the audit writer's commit, so a few threads keep the cores busy.
         */
        @WithDefault("0")
        int threads();

        /** Requests waiting for an evaluation thread; beyond that they are answered 503 at once. */
        @WithDefault("10000")
        int queueCapacity();
    }

    interface Backtest {
        /** Directory of the candle files backtests may read (the request names a file inside it). */
        @WithDefault("candles")
        String dataDir();

        /** Backtests running at once; more wait in a queue. */
        @WithDefault("2")
        int threads();

        /**
         * How long a finished backtest and its result are kept (a result of years of candles is megabytes); the
         * backtest a change set keeps is kept as long as the change set. Zero or less keeps every backtest.
         */
        @WithDefault("90d")
        Duration keepFor();
    }

    Governance governance();

    /** Governed rule changes (io.positionpolicy.governance). */
    interface Governance {
        /**
         * Approvals a change set needs before it goes live, from risk managers who neither wrote nor edited it: 0 =
         * a valid change goes live when proposed (the laptop default), 1 = four eyes, 2 = six eyes. Above 0 the rules
         * directory changes only through change sets: no watcher, no file saves, no reload from disk.
         */
        @WithDefault("0")
        int requiredApprovals();

        /** How often due scheduled activations are looked for. */
        @WithDefault("1s")
        Duration scheduleCheck();
    }

    interface Rules {
        /**
         * Where rule sets come from: {@code directory} (the files of {@link #dir()}, watched) or {@code database}
         * (versions stored in the audit store's database, one active version for every replica of a cluster).
         */
        @WithDefault("directory")
        String source();

        /** In {@code database} mode: the directory imported as the first version when the store has none. */
        @WithDefault("rules")
        String seedDir();

        /** Directory of the DRL rule set (nested folders allowed), relative to the working directory or absolute. */
        @WithDefault("rules")
        String dir();

        /** Reload when the directory changes. */
        @WithDefault("true")
        boolean watch();

        /** How long the directory must stay quiet after a change before the reload. */
        @WithDefault("300ms")
        Duration quietPeriod();

        Sandbox sandbox();
    }

    /**
     * Where candidate rules (validate, reload, save, impact, backtest) first meet the scenarios: a separate, warm JVM
     * that is killed and replaced when a run overruns its budget or its memory.
     */
    interface Sandbox {
        /** Run candidates' scenarios in the worker JVM; false runs them in the service (no hard stop). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Time one scenario may take in the worker before the worker is killed and the candidate refused; longer than
         * policy.evaluation.time-budget, so that a run the engine can halt is named by its rule.
         */
        @WithDefault("10s")
        Duration scenarioBudget();

        /** Time all the scenarios of one candidate may take together in the worker. */
        @WithDefault("30s")
        Duration runBudget();

        /** Time the worker may take to compile a candidate (a cold compile of the shipped rules takes seconds). */
        @WithDefault("60s")
        Duration compileBudget();

        /** Heap of the worker JVM ({@code -Xmx}); a candidate that needs more is refused. */
        @WithDefault("256M")
        MemorySize memory();
    }

    interface Api {
        /** Most items one {@code POST /api/v1/evaluations/batch} may carry. */
        @WithDefault("1000")
        int maxBatchItems();

        /** Largest request body accepted on any endpoint; larger ones get 413 naming this limit. */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /**
         * Largest a candle upload may be once decompressed (a gzipped one; a plain one is held to max-body-size):
         * candle CSV gzips about 3 to 1, so 8 MiB of gzip is some 24 MiB of rows. Larger ones get 413 naming this
         * limit, before more than it is read.
         */
        @WithDefault("64M")
        MemorySize maxDecompressedSize();
    }

    interface Security {
        /** Users of HTTP Basic authentication ({@code name:bcrypt-hash:roles}); defaults to {@code <data-dir>/users}. */
        Optional<String> usersFile();

        /**
         * With no users and no JWT key configured: {@code generate-admin} creates user {@code admin} with a random
         * password printed once; {@code refuse} (production) stops the start; {@code auto} generates, unless the
         * {@code prod} profile was named explicitly (QUARKUS_PROFILE=prod): the packaged jar runs under Quarkus's prod
         * profile by default, so only an explicit choice counts as asking for production.
         */
        @WithDefault("auto")
        String whenNoUsers();

        /** How long a checked Basic credential is remembered, so bcrypt runs once per client, not per request. */
        @WithDefault("10m")
        Duration credentialCacheTtl();

        /** How often the users file is looked at for changes: an edit signs in (or out) within this interval. */
        @WithDefault("1s")
        Duration usersFileCheckInterval();
    }

    /** The audit store. Without a URL: embedded H2 in {@code <data-dir>/audit}. */
    interface Db {
        /** JDBC URL, {@code jdbc:postgresql://…} or {@code jdbc:h2:…}; falls back to quarkus.datasource.jdbc.url. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        @WithDefault("16")
        int maxPoolSize();

        /** How long to wait for a free connection before the store counts as unavailable. */
        @WithDefault("2s")
        Duration acquisitionTimeout();
    }

    interface Audit {
        /**
         * This instance's hash chain. Instances sharing one database must each have their own; a restarted instance
         * keeps its id and continues its chain. Defaults to the host name.
         */
        Optional<String> instanceId();

        /** Most records one group commit writes. */
        @WithDefault("256")
        int batchSize();

        /** How long a group commit waits for more records once it has one. */
        @WithDefault("1ms")
        Duration maxWait();

        /** Records waiting to be written; when full, evaluations fail with 503 rather than wait without bound. */
        @WithDefault("20000")
        int queueCapacity();

        /** How long an evaluation waits for its record to commit before it answers 503. */
        @WithDefault("5s")
        Duration commitTimeout();
    }
}
