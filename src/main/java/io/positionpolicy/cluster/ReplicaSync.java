package io.positionpolicy.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.backtest.JobLedger;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Keeps this replica on the cluster's active rule set ({@code policy.rules.source=database}): a thread that wakes on a
 * PostgreSQL notification or after the poll interval, reads the active version, loads it when it differs from the
 * one served (a version that does not load leaves the previous one serving, and says so in the heartbeat), writes
 * this replica's heartbeat and marks backtests of replicas gone as failed.
 */
@ApplicationScoped
public class ReplicaSync {
    private static final Logger LOG = Logger.getLogger(ReplicaSync.class);

    private final PolicyConfig config;
    private final RuleSetReloader reloader;
    private final RuleSetHolder holder;
    private final AuditStore audit;
    private final JobLedger jobs;
    private final MeterRegistry meters;
    private final Instant startedAt = Instant.now();
    private RuleSetStore store;
    private Heartbeats heartbeats;
    private ReplicaListener listener;
    private volatile boolean caughtUp;
    private volatile Optional<RuleSetStore.Active> active = Optional.empty();
    private volatile boolean running;
    private Thread thread;

    public ReplicaSync(PolicyConfig config, RuleSetReloader reloader, RuleSetHolder holder, AuditStore audit,
            JobLedger jobs, MeterRegistry meters) {
        this.config = config;
        this.reloader = reloader;
        this.holder = holder;
        this.audit = audit;
        this.jobs = jobs;
        this.meters = meters;
    }

    public boolean enabled() {
        return config.rules().source().equals("database");
    }

    /** Before the rules load: claim this instance id (a second live replica with it refuses to start). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        if (!enabled()) {
            return;
        }
        store = new RuleSetStore(audit.dataSource(), audit.postgres());
        heartbeats = new Heartbeats(audit.dataSource());
        listener = new ReplicaListener(audit, audit.instanceId(), config.cluster().notifications());
        listener.open(); // throws when another live replica holds this instance id
        jobs.failOwnUnfinished(startedAt);
        Gauge.builder("policy.cluster.in.sync", this, s -> s.inSync() ? 1 : 0)
                .description("1 while this replica serves the cluster's active rule set").register(meters);
        running = true;
        thread = new Thread(this::run, "cluster-sync");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Replica %s at %s: following the cluster's active rule set (%s, poll every %s)",
                audit.instanceId(), address(), listener.listening() ? "notifications" : "polling only",
                config.cluster().pollInterval());
    }

    /** After the start-up load: check at once, so readiness does not wait for the first poll. */
    void onStarted(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        if (enabled()) {
            check();
            beat();
        }
    }

    private void run() {
        long pollMillis = config.cluster().pollInterval().toMillis();
        while (running) {
            try {
                check();
                beat();
                jobs.failAbandoned(Instant.now().minus(config.cluster().staleAfter()));
                listener.await(pollMillis);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Cluster sync: %s; retrying", e.getMessage());
                listener.reset();
                try {
                    Thread.sleep(pollMillis); // back off before the next attempt, the store may be restarting
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Reads the active version; loads it when this replica serves another one. */
    void check() {
        Optional<RuleSetStore.Active> now = store.active();
        Optional<RuleSetStore.Active> before = active;
        active = now;
        Optional<String> serving = holder.current().map(RuleSet::version);
        if (now.isEmpty() || serving.isEmpty()) {
            return; // nothing active yet, or the start-up load has not finished
        }
        if (now.get().version().equals(serving.get())) {
            caughtUp = true;
            return;
        }
        boolean changed = before.isEmpty() || before.get().seq() != now.get().seq();
        ReloadReport last = reloader.status().lastAttempt();
        boolean failedBefore = last != null && !last.ok() && now.get().version().equals(last.version());
        if (changed || !failedBefore) { // a version that failed to load is tried again only when re-activated
            ReloadReport report = reloader.reload("cluster", "system");
            if (report.ok() && now.get().version().equals(report.version())) {
                caughtUp = true;
            }
        }
    }

    private void beat() {
        ReloadReport last = reloader.status().lastAttempt();
        heartbeats.beat(new Heartbeats.Row(audit.instanceId(), address(),
                holder.current().map(RuleSet::version).orElse(null),
                last == null ? null : last.outcome() + " " + last.version() + " at " + last.at() + " ("
                        + last.trigger() + ")",
                last == null || last.ok() ? null : String.join("\n",
                        last.problems().stream().map(Object::toString).toList()),
                startedAt, Instant.now()));
    }

    /** True once this replica has served the cluster's active version (readiness waits for it). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True while the version served is the cluster's active one. */
    public boolean inSync() {
        return active.isPresent() && holder.current().map(r -> r.version().equals(active.get().version()))
                .orElse(false);
    }

    public Optional<RuleSetStore.Active> active() {
        return active;
    }

    /** The active version as the store has it now (not as last polled). */
    public Optional<RuleSetStore.Active> freshActive() {
        return store.active();
    }

    public RuleSetStore store() {
        return store;
    }

    public String instanceId() {
        return audit.instanceId();
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    public String address() {
        return config.cluster().address().orElseGet(() -> host() + ":"
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (listener != null) {
            listener.close();
        }
    }
}
