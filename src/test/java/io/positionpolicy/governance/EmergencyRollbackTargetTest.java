package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.audit.RuleSetArchive.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which version an emergency rollback puts live: the one before the active one, never one an emergency took out. */
class EmergencyRollbackTargetTest {

    /** Activations given oldest first as "version:trigger"; the history reads newest first. */
    private static List<HistoryEntry> history(String... activations) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (String activation : activations) {
            String[] parts = activation.split(":");
            entries.add(0, new HistoryEntry(parts[0], Instant.EPOCH, parts[1], "someone", "node-a", 3));
        }
        return entries;
    }

    @Test
    void theVersionBeforeTheActiveOne() {
        assertThat(Governance.previousVersion(history("v1:startup", "v2:change-set", "v3:change-set"), "v3"))
                .contains("v2");
        assertThat(Governance.previousVersion(history("v1:startup", "v2:change-set", "v1:change-set"), "v1"))
                .contains("v2"); // a rollback proposed as a change set is undone like any change
        assertThat(Governance.previousVersion(history("v1:startup"), "v1")).isEmpty();
    }

    @Test
    void aSecondEmergencyRollbackGoesFurtherBackInsteadOfPuttingBackWhatTheFirstTookOut() {
        List<HistoryEntry> once = history("v1:startup", "v2:change-set", "v3:change-set", "v2:emergency-rollback");
        assertThat(Governance.previousVersion(once, "v2")).contains("v1");
        List<HistoryEntry> twice = history("v1:startup", "v2:change-set", "v3:change-set", "v2:emergency-rollback",
                "v2:startup", "v1:emergency-rollback");
        assertThat(Governance.previousVersion(twice, "v1")).isEmpty();
    }
}
