package io.positionpolicy.governance;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.RuleSetArchive;
import io.positionpolicy.audit.TestStores;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A copy of the shipped rules in {@code dir}, loaded, with change sets in a fresh store ({@code h2} or
 * {@code postgresql}) that publish into the directory, on a clock the test moves.
 */
final class GovernedRules implements AutoCloseable {
    final AuditDatabase db;
    final RuleSetHolder holder = new RuleSetHolder();
    final ChangeSetStore store;
    final ChangeSets changeSets;
    final Path dir;

    /** A clock that stands still until the test moves it: tests wait on events, not on time passing. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    GovernedRules(Path dir, String storeKind, int requiredApprovals, Clock clock) throws Exception {
        QuietLogging.apply();
        ConcurrentActivationTest.copyShippedRules(dir);
        this.dir = dir;
        this.db = TestStores.open(TestStores.freshUrl(storeKind));
        RuleSetArchive archive = new RuleSetArchive(db.dataSource());
        RuleSetReloader reloader = ConcurrentActivationTest.archivingReloader(dir, holder, archive);
        reloader.reload("startup", "system");
        this.store = new ChangeSetStore(db.dataSource());
        this.changeSets = new ChangeSets(store, new CandidateValidation(reloader), new DirectoryPublisher(reloader),
                requiredApprovals, clock, version -> archive.find(version).map(RuleSetArchive.ArchivedRuleSet::files));
    }

    String liveVersion() {
        return holder.current().orElseThrow().version();
    }

    @Override
    public void close() {
        db.close();
    }
}
