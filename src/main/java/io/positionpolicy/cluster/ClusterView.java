package io.positionpolicy.cluster;

import io.positionpolicy.config.PolicyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The replicas as their heartbeats describe them, and whether the live ones agree on the cluster's active version. */
@ApplicationScoped
public class ClusterView {

    /** One replica; {@code alive}: seen within policy.cluster.stale-after; {@code agrees}: serves the active version. */
    public record Replica(String instanceId, String address, String servingVersion, boolean agrees, boolean alive,
            String lastAttempt, String lastErrors, Instant startedAt, Instant lastSeen) {
    }

    /** {@code agree}: every live replica serves {@code activeVersion}. */
    public record State(String mode, String activeVersion, Instant activatedAt, String activatedBy, long activations,
            boolean agree, String self, List<Replica> replicas) {
    }

    private final ReplicaSync sync;
    private final PolicyConfig config;

    public ClusterView(ReplicaSync sync, PolicyConfig config) {
        this.sync = sync;
        this.config = config;
    }

    public boolean clustered() {
        return sync.enabled();
    }

    public State state() {
        if (!sync.enabled()) {
            return new State("directory", null, null, null, 0, true, null, List.of());
        }
        RuleSetStore.Active active = sync.freshActive().orElse(null);
        Instant staleBefore = Instant.now().minus(config.cluster().staleAfter());
        List<Replica> replicas = sync.heartbeats().all().stream().map(row -> {
            boolean alive = row.lastSeen().isAfter(staleBefore);
            boolean agrees = active != null && active.version().equals(row.servingVersion());
            return new Replica(row.instanceId(), row.address(), row.servingVersion(), agrees, alive,
                    row.lastAttempt(), row.lastErrors(), row.startedAt(), row.lastSeen());
        }).toList();
        boolean agree = active != null && replicas.stream().filter(Replica::alive).allMatch(Replica::agrees);
        return new State("database", active == null ? null : active.version(),
                active == null ? null : active.activatedAt(), active == null ? null : active.principal(),
                active == null ? 0 : active.seq(), agree, sync.instanceId(), replicas);
    }
}
