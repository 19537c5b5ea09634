package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save in a cluster publishes the whole tree, read before the save took its turn. If anything else went live
 * meanwhile (another file saved, a change set, a rollback, on any replica), the save is refused (412) and the other
 * change stays live, rather than being reverted by this save's older tree.
 */
class SharedSaveConflictTest {
    /** The precondition of a file that does not exist yet: If-None-Match: *. */
    private static final SavePrecondition NEW_FILE = new SavePrecondition(null, "*");
    private final RuleSetHolder holder = new RuleSetHolder();

    /** Ungoverned: files are saved one at a time, without change sets. */
    private static PolicyConfig ungoverned() {
        PolicyConfig.Governance governance = (PolicyConfig.Governance) Proxy.newProxyInstance(
                PolicyConfig.class.getClassLoader(), new Class<?>[] {PolicyConfig.Governance.class},
                (proxy, method, args) -> method.getName().equals("requiredApprovals") ? 0 : null);
        return (PolicyConfig) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.class},
                (proxy, method, args) -> method.getName().equals("governance") ? governance : null);
    }

    private RuleFileEditor editor(StoreInMemory store) {
        QuietLogging.apply();
        RuleSetReloader reloader = new RuleSetReloader(store, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), activated -> { }, report -> { }, new SimpleMeterRegistry());
        reloader.reload("startup", "system");
        return new RuleFileEditor(holder, reloader, ungoverned());
    }

    @Test
    void aSaveBuiltOnATreeThatChangedSinceIsRefusedAndRevertsNothing(@TempDir Path dir) throws Exception {
        RulesTree.copy(dir, true);
        StoreInMemory store = new StoreInMemory(dir);
        RuleFileEditor editor = editor(store);
        RuleFilesSource.RuleFiles mine = store.plus("extra/Notes.drl", ExtraRules.NOTES); // read, then edited
        RuleFilesSource.RuleFiles theirs = store.plus("extra/Other.drl", ExtraRules.notes("Each review: note it"));
        store.active.set(theirs); // someone else's save went live first

        assertThatThrownBy(() -> editor.save("extra/Notes.drl", NEW_FILE, ExtraRules.NOTES, mine.drl(),
                mine.scenarios(), "alice"))
                .isInstanceOf(RuleFileEditor.EditConflict.class)
                .hasMessageContaining("another file changed");
        assertThat(store.read().drl()).containsKey("extra/Other.drl").doesNotContainKey("extra/Notes.drl");
    }

    @Test
    void aSaveIsRefusedWhenAnotherVersionGoesLiveJustBeforeItIsPublished(@TempDir Path dir) throws Exception {
        RulesTree.copy(dir, true);
        StoreInMemory store = new StoreInMemory(dir);
        RuleFileEditor editor = editor(store);
        RuleFilesSource.RuleFiles mine = store.plus("extra/Notes.drl", ExtraRules.NOTES);
        RuleFilesSource.RuleFiles theirs = store.plus("extra/Other.drl", ExtraRules.notes("Each review: note it"));
        store.beforePublish = () -> store.active.set(theirs); // another replica wins the race to the store

        assertThatThrownBy(() -> editor.save("extra/Notes.drl", NEW_FILE, ExtraRules.NOTES, mine.drl(),
                mine.scenarios(), "alice"))
                .isInstanceOf(RuleFileEditor.EditConflict.class)
                .hasMessageContaining("another version went live: " + theirs.version());
        assertThat(store.read().version()).isEqualTo(theirs.version());

        store.beforePublish = () -> { };
        RuleFilesSource.RuleFiles again = store.plus("extra/Notes.drl", ExtraRules.NOTES); // reloaded and applied
        RuleFileEditor.Saved saved = editor.save("extra/Notes.drl", NEW_FILE, ExtraRules.NOTES, again.drl(),
                again.scenarios(), "alice");
        assertThat(saved.report().outcome()).isEqualTo("activated");
        assertThat(store.read().drl()).containsKeys("extra/Other.drl", "extra/Notes.drl");
        assertThat(holder.current().orElseThrow().version()).isEqualTo(again.version());
    }
}
