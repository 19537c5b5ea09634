package io.positionpolicy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.TestStores;
import io.positionpolicy.rules.RuleFilesSource.RuleFiles;
import io.positionpolicy.rules.RuleSetMovedException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cluster's active version moves only from the version a change was made on (compare and set). */
class RuleSetStoreTest {
    static List<String> stores() {
        return TestStores.kinds();
    }

    private static RuleFiles files(String rule) {
        SortedMap<String, String> drl = new TreeMap<>();
        drl.put("entry/R.drl", "package entry;\nrule \"" + rule + "\"\nwhen\nthen\nend\n");
        return new RuleFiles(drl, new TreeMap<>());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeMadeOnAnOlderVersionPublishesNothing(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            RuleSetStore store = new RuleSetStore(db.dataSource(), db.postgres());
            RuleFiles base = files("base");
            RuleFiles first = files("first");
            RuleFiles late = files("late");
            store.seed(base, "seed");

            assertThat(store.activate(first, base.version(), "alice").version()).isEqualTo(first.version());
            assertThatThrownBy(() -> store.activate(late, base.version(), "bob"))
                    .isInstanceOf(RuleSetMovedException.class)
                    .satisfies(e -> assertThat(((RuleSetMovedException) e).actual()).isEqualTo(first.version()));

            assertThat(store.active().orElseThrow().version()).isEqualTo(first.version());
            assertThat(store.active().orElseThrow().principal()).isEqualTo("alice");
            assertThat(store.files(late.version())).isEmpty(); // its files were not stored either
            assertThat(store.activate(late, null, "admin").version()).isEqualTo(late.version()); // a rollback
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ofChangesMadeOnTheSameVersionAtOnceExactlyOneGoesLive(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            RuleSetStore store = new RuleSetStore(db.dataSource(), db.postgres());
            RuleFiles base = files("base");
            store.seed(base, "seed");
            int writers = 6;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                RuleFiles change = files("change " + i);
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return "live " + store.activate(change, base.version(), "writer").version();
                    } catch (RuleSetMovedException e) {
                        return "refused";
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> new Thread(r).start()));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (CompletableFuture<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(r -> r.startsWith("live ")).hasSize(1);
            assertThat(results).filteredOn(r -> r.equals("refused")).hasSize(writers - 1);
            String live = results.stream().filter(r -> r.startsWith("live ")).findFirst().orElseThrow().substring(5);
            assertThat(store.active().orElseThrow().version()).isEqualTo(live);
            assertThat(store.active().orElseThrow().seq()).isEqualTo(2); // the seed, then the one change
        }
    }
}
