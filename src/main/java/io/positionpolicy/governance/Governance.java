package io.positionpolicy.governance;

import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.audit.RuleSetArchive;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.governance.ChangeSet.State;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetReloader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Governed rule changes: the change sets, scheduled activations (exactly once, whichever replica finds them due
 * first), rollbacks — published into the rules directory, or in a cluster into the shared store every replica follows — and — when approvals are required — the guard that keeps anything else from changing the rules.
 */
@ApplicationScoped
public class Governance {
    private static final Logger LOG = Logger.getLogger(Governance.class);
    /** How long an activation may take before it is settled as interrupted (see {@link #activateDue}). */
    static final Duration UNFINISHED_AFTER = Duration.ofMinutes(10);

    private final ChangeSets changeSets;
    private final RuleSetArchive archive;
    private final RuleSetHolder holder;
    private final ChangeSetStore store;
    private final PolicyConfig.Governance config;
    private final RuleSetReloader reloader;
    private ScheduledExecutorService scheduler;

    public Governance(AuditStore audit, RuleSetReloader reloader, RuleSetHolder holder, PolicyConfig config) {
        this.store = new ChangeSetStore(audit.dataSource());
        this.archive = audit.archive();
        this.holder = holder;
        this.config = config.governance();
        this.reloader = reloader;
        this.changeSets = new ChangeSets(store, new CandidateValidation(reloader), reloader.directory() != null
                ? new DirectoryPublisher(reloader) : new SharedStorePublisher(reloader),
                this.config.requiredApprovals(), Clock.systemUTC(),
                version -> archive.find(version).map(RuleSetArchive.ArchivedRuleSet::files));
    }

    /**
     * The activation a governed start must find in the directory, when the directory holds another version: the
     * newest one that was not a start-up's (each start, a refused one too, activates what it loaded). Until
     * 2026-12-08 only change sets and emergency rollbacks counted, so a directory holding exactly what was live —
     * saved or edited after a change set while no approvals were required — was refused when approvals were turned
     * on, with the advice to restore an older version.
     */
    static Optional<RuleSetArchive.HistoryEntry> lastLiveOtherThan(
            List<RuleSetArchive.HistoryEntry> newestFirst, String loaded) {
        return newestFirst.stream().filter(h -> !h.trigger().equals("startup")).findFirst()
                .filter(last -> !last.version().equals(loaded));
    }

    public ChangeSets changeSets() {
        return changeSets;
    }

    /** True when rule changes must go through approved change sets. */
    public boolean governed() {
        return config.requiredApprovals() > 0;
    }

    /**
     * After the rules are loaded at start-up: under governance the directory must hold the version last made live;
     * otherwise it was edited behind the approvals' back and the service does not start on it.
     */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        if (governed() && reloader.directory() != null) { // a shared store changes only through the API
            String loaded = holder.current().map(RuleSet::version).orElse(null);
            lastLiveOtherThan(archive.history(500), loaded).ifPresent(last -> {
                throw new IllegalStateException("The rules directory holds " + loaded + ", but the version last made "
                        + "live is " + last.version() + " (" + last.trigger() + " by " + last.principal() + " at "
                        + last.activatedAt() + "): with policy.governance.required-approvals="
                        + config.requiredApprovals() + " rules change only through change sets. Restore the directory "
                        + "(GET /api/v1/rulesets/" + last.version() + ") or propose the edit as a change set.");
            });
            LOG.infof("Rule changes need %d approval(s): the rules directory is not watched", config.requiredApprovals());
        }
        if (reloader.directory() != null) { // one process owns this store: an activation left unfinished died with it
            settleInterrupted(Instant.now().plusSeconds(1));
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "change-set-scheduler");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, config.scheduleCheck().toMillis());
        scheduler.scheduleWithFixedDelay(this::activateDue, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Settles the change sets an activation left ACTIVATING before {@code touchedBefore} (see
     * {@link ChangeSets#settleInterrupted}); a replica that loses the race to another skips it.
     */
    void settleInterrupted(Instant touchedBefore) {
        try {
            for (String id : store.activatingSince(touchedBefore)) {
                try {
                    ChangeSet set = changeSets.settleInterrupted(id, "recovery", "the process activating it stopped "
                            + "or lost the store before it finished");
                    LOG.warnf("Change set %s was left activating by an activation that did not finish: now %s", id,
                            set.state());
                } catch (GovernanceException e) {
                    LOG.debugf("Change set %s was settled elsewhere: %s", id, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Unfinished activations not checked: %s", e.getMessage());
        }
    }

    /**
     * Activates the approved change sets whose time has come; a replica that loses the claim skips it. Settles an
     * activation that has not finished for {@link #UNFINISHED_AFTER}: far longer than any activation takes (checks,
     * compile, scenarios), so one that another replica is still running is never taken for dead.
     */
    void activateDue() {
        settleInterrupted(Instant.now().minus(UNFINISHED_AFTER));
        try {
            for (String id : store.due(Instant.now())) {
                try {
                    ChangeSet set = changeSets.activate(id, "scheduler");
                    LOG.infof("Scheduled change set %s: %s", id, set.state());
                } catch (ChangeSetStore.StaleException e) {
                    LOG.debugf("Change set %s was activated elsewhere", id);
                } catch (GovernanceException e) {
                    LOG.warnf("Scheduled change set %s not activated: %s", id, e.getMessage());
                    if (e.status() == 409) { // it cannot go live as it stands: say so once, in its history
                        changeSets.scheduleMissed(id, e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Scheduled activations not checked: %s", e.getMessage());
        }
    }

    /** Proposes an archived version again, as a change set that goes through the same approvals. */
    public ChangeSet proposeRollback(String version, String reason, String principal) {
        RuleSetArchive.ArchivedRuleSet archived = archive.find(version)
                .orElseThrow(() -> new GovernanceException(404, "not-found", "no rule set " + version));
        return changeSets.create(ChangeSet.ROLLBACK, "Roll back to " + shortVersion(version),
                reason == null ? "" : reason, filesToRestore(archived.files()), null, principal, "create",
                "rollback to " + version);
    }

    /**
     * An admin's emergency: the version before the active one goes live at once, with a mandatory reason, recorded as
     * a change set of its own kind whose history says who did it and why.
     */
    public ChangeSet emergencyRollback(String reason, String principal) {
        if (reason == null || reason.isBlank()) {
            throw new GovernanceException(400, "invalid-request", "reason: an emergency rollback needs a reason");
        }
        String active = holder.current().map(RuleSet::version).orElse(null);
        String previous = previousVersion(archive.history(500), active)
                .orElseThrow(() -> GovernanceException.conflict("there is no earlier version to roll back to"));
        RuleSetArchive.ArchivedRuleSet archived = archive.find(previous).orElseThrow();
        ChangeSet set = changeSets.create(ChangeSet.EMERGENCY_ROLLBACK, "Emergency rollback to "
                + shortVersion(previous), reason, filesToRestore(archived.files()), null, principal, "create",
                "emergency rollback to " + previous + ": " + reason);
        return changeSets.forceActivate(set.id(), reason, principal);
    }

    /**
     * The version live before {@code active}, skipping every version an emergency rollback took out: a second
     * emergency rollback goes further back instead of putting back the version the first one took out.
     */
    static Optional<String> previousVersion(List<RuleSetArchive.HistoryEntry> newestFirst, String active) {
        Set<String> rolledBack = new HashSet<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            String version = newestFirst.get(i).version();
            if (!version.equals(active) && !rolledBack.contains(version)) {
                return Optional.of(version);
            }
            if (newestFirst.get(i).trigger().equals("emergency-rollback") && i + 1 < newestFirst.size()) {
                rolledBack.add(newestFirst.get(i + 1).version()); // live until this rollback took it out
            }
        }
        return Optional.empty();
    }

    /** The archived files, and a deletion for every live file the archived version did not have. */
    private Map<String, String> filesToRestore(SortedMap<String, String> archived) {
        Map<String, String> files = new TreeMap<>(archived);
        boolean withScenarios = archived.keySet().stream().anyMatch(p -> p.startsWith("tests/"));
        for (String path : changeSets.liveFiles().keySet()) {
            if (!archived.containsKey(path) && (!path.startsWith("tests/") || withScenarios)) {
                files.put(path, null); // versions archived before scenarios were kept leave today's scenarios
            }
        }
        return files;
    }

    private static String shortVersion(String version) {
        return version.length() > 19 ? version.substring(0, 19) : version;
    }

    /** The first broken link of the change-set event chain, or empty when every event is as written. */
    public Optional<String> verifyEvents() {
        return store.verifyEvents();
    }

    /** State names for filters. */
    public static boolean isState(String name) {
        try {
            State.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
