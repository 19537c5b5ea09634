package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.audit.RuleSetArchive.HistoryEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which version a start with approvals required must find in the rules directory. */
class GovernedStartTest {

    private static HistoryEntry entry(String version, String trigger, int minute) {
        return new HistoryEntry(version, Instant.parse("2026-12-08T01:00:00Z").plusSeconds(60L * minute), trigger,
                "someone", "vm", 19);
    }

    private static Optional<String> refusedFor(String loaded, HistoryEntry... newestFirst) {
        return Governance.lastLiveOtherThan(List.of(newestFirst), loaded).map(HistoryEntry::version);
    }

    /**
     * Until 2026-12-08: a change set went live, then (no approvals required yet) a save made another version live;
     * with approvals turned on the start was refused on the very version that was live, pointing at the older one.
     */
    @Test
    void aVersionMadeLiveAfterTheLastChangeSetIsTheOneToFind() {
        assertThat(refusedFor("sha256:b", entry("sha256:b", "startup", 9), entry("sha256:b", "save", 5),
                entry("sha256:a", "change-set", 3))).isEmpty();
        assertThat(refusedFor("sha256:b", entry("sha256:b", "startup", 9), entry("sha256:b", "file-change", 5),
                entry("sha256:a", "emergency-rollback", 3))).isEmpty();
    }

    @Test
    void aDirectoryEditedWhileTheServiceWasStoppedIsRefusedEveryTime() {
        // the start-up activates what it loaded before the check refuses it; a second try is refused all the same
        assertThat(refusedFor("sha256:edited", entry("sha256:edited", "startup", 9),
                entry("sha256:a", "change-set", 3))).contains("sha256:a");
        assertThat(refusedFor("sha256:edited", entry("sha256:edited", "startup", 10),
                entry("sha256:edited", "startup", 9), entry("sha256:a", "startup", 4),
                entry("sha256:a", "change-set", 3))).contains("sha256:a");
    }

    @Test
    void aFirstStartHasNothingToFind() {
        assertThat(refusedFor("sha256:a", entry("sha256:a", "startup", 1))).isEmpty();
        assertThat(refusedFor("sha256:a")).isEmpty();
    }
}
