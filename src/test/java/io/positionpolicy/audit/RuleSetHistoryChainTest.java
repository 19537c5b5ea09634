package io.positionpolicy.audit;

import static io.positionpolicy.audit.AuditTrailTest.execute;
import static io.positionpolicy.audit.AuditTrailTest.longValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who took which rule set live (ruleset_activation) and who loaded, validated or saved what, refused saves included
 * (ruleset_operation), are hash chains: a row changed, removed or inserted in the database is named by verify. Until
 * V12 they were plain rows, and verify answered ok after any of these edits.
 */
class RuleSetHistoryChainTest {

    static List<String> stores() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyChangeToWhoActivatedOrSavedWhatIsNamed(String kind) throws Exception {
        record Tamper(String name, String sql, String id, String reason) {
        }
        List<Tamper> tampering = List.of(
                new Tamper("another principal for a save that went live",
                        "UPDATE ruleset_activation SET principal = 'nobody' WHERE chain_seq = 2", "activation 2",
                        "activation 2 was changed after it was recorded: it now reads version=sha256:"),
                new Tamper("another trigger", "UPDATE ruleset_activation SET trigger_kind = 'change-set' "
                        + "WHERE chain_seq = 3", "activation 3", "trigger_kind=change-set"),
                new Tamper("an activation deleted", "DELETE FROM ruleset_activation WHERE chain_seq = 2",
                        "activation 2", "activation 2 is missing from the activation chain before activation 3"),
                new Tamper("the newest activation deleted", "DELETE FROM ruleset_activation WHERE chain_seq = 3",
                        "activation 3", "the activation chain ends at activation 2 but its head names activation 3"),
                new Tamper("an activation inserted", "INSERT INTO ruleset_activation (version, activated_at, "
                        + "trigger_kind, principal, instance_id) SELECT version, activated_at, 'save', 'mallory', "
                        + "'node-x' FROM ruleset_activation WHERE chain_seq = 1", "activation id ",
                        "principal=mallory, instance_id=node-x) is not in the activation chain"),
                new Tamper("two activations swapped", "UPDATE ruleset_activation SET chain_seq = -1 WHERE chain_seq = 1;"
                        + " UPDATE ruleset_activation SET chain_seq = 1 WHERE chain_seq = 2;"
                        + " UPDATE ruleset_activation SET chain_seq = 2 WHERE chain_seq = -1", "activation 1",
                        "does not point at the hash of the activation before it"),
                new Tamper("a refused save's caller changed",
                        "UPDATE ruleset_operation SET principal = 'nobody' WHERE outcome = 'refused'", "operation 2",
                        "operation 2 was changed after it was recorded: it now reads at="),
                new Tamper("a refused save deleted", "DELETE FROM ruleset_operation WHERE outcome = 'refused'",
                        "operation 2", "operation 2 is missing from the operation chain before operation 3"),
                new Tamper("the chain's head deleted", "DELETE FROM ruleset_chain_head WHERE chain = 'activation'",
                        "activation chain", "the head of the activation chain (ruleset_chain_head) was deleted"));
        for (Tamper tamper : tampering) {
            try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
                history(db);
                ChainVerifier.Result intact = new ChainVerifier(db.dataSource()).verify();
                assertThat(intact.ok()).as(intact.reason()).isTrue();

                execute(db, tamper.sql());
                ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
                assertThat(result.ok()).as(tamper.name()).isFalse();
                assertThat(result.firstBrokenId()).as(tamper.name()).startsWith(tamper.id());
                assertThat(result.reason()).as(tamper.name()).contains(tamper.reason());
            }
        }
    }

    /** Every row that is wrong is named, not only the first; the decisions themselves still verify. */
    @ParameterizedTest
    @MethodSource("stores")
    void eachBrokenRowIsNamedAndTheCountsSayWhatWasChecked(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 4);
            }
            history(db);
            ChainVerifier.Result intact = new ChainVerifier(db.dataSource()).verify();
            assertThat(intact.ok()).as(intact.reason()).isTrue();
            assertThat(intact.activations().checked()).isEqualTo(4); // the shipped rule set's, and three
            assertThat(intact.operations().checked()).isEqualTo(3);
            assertThat(intact.notes()).isEmpty();

            execute(db, "UPDATE ruleset_activation SET principal = 'nobody' WHERE chain_seq IN (2, 4); "
                    + "DELETE FROM ruleset_operation WHERE chain_seq = 1");
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.checked()).isEqualTo(4);
            assertThat(result.problems()).extracting(ChainVerifier.Problem::id)
                    .containsExactly("activation 2", "activation 4", "operation 1");
            assertThat(result.firstBrokenId()).isEqualTo("activation 2");
        }
    }

    /**
     * Replicas append at once (here threads with their own connections): the head row's lock makes one chain of
     * them, without a gap or a fork, on PostgreSQL as on H2.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void replicasAppendingAtOnceFormOneChain(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Void>> work = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    int n = i;
                    work.add(() -> {
                        RuleSetArchive archive = new RuleSetArchive(db.dataSource());
                        String replica = "node-" + (n % 3);
                        if (n % 2 == 0) {
                            archive.recordActivation(VERSION, FILES, "replica", "system", replica);
                        } else {
                            archive.recordOperation(Instant.now(), "watcher", "system", replica, "unchanged",
                                    VERSION, 1, List.of(), null);
                        }
                        return null;
                    });
                }
                for (Future<Void> done : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).as(result.reason()).isTrue();
            assertThat(result.activations().checked()).isEqualTo(30);
            assertThat(result.operations().checked()).isEqualTo(30);
            assertThat(longValue(db, "SELECT max(chain_seq) FROM ruleset_activation")).isEqualTo(30);
            assertThat(longValue(db, "SELECT count(*) FROM ruleset")).isEqualTo(1);
        }
    }

    static final Map<String, String> FILES = Map.of("entry/Sizing.drl", "package entry;\n");
    static final String VERSION = io.positionpolicy.rules.RuleSources.version(new java.util.TreeMap<>(FILES));

    /**
     * Three activations (a start, a non-governed save by alice, a rollback by bob) and three operations (a save, a
     * refused save, a validation).
     */
    static void history(AuditDatabase db) {
        RuleSetArchive archive = new RuleSetArchive(db.dataSource());
        archive.recordActivation(VERSION, FILES, "startup", "system", "node-a");
        archive.recordOperation(Instant.now(), "save", "alice", "node-a", "activated", VERSION, 1, List.of(),
                "entry/Sizing.drl");
        archive.recordActivation(VERSION, FILES, "save", "alice", "node-a");
        archive.recordOperation(Instant.now(), "save", "carol", "node-b", "refused", null, 0,
                List.of("rules/entry/Sizing.drl: not allowed"), "entry/Sizing.drl");
        archive.recordOperation(Instant.now(), "validate", "bob", "node-b", "valid", VERSION, 1, List.of(), null);
        archive.recordActivation(VERSION, FILES, "rollback", "bob", "node-b");
    }
}
