package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.governance.ChangeSet.State;
import io.positionpolicy.governance.GovernedRules.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time a change set goes live is part of what is approved: it does not go live before it, and moving it once the
 * change set is proposed needs the approvals again. With no approvals required, times move freely as before.
 */
class ScheduleApprovalTest {
    private static final Instant WEDNESDAY = Instant.parse("2026-12-09T10:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-12-11T14:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-12-12T02:00:00Z");

    /**
     * Until 2026-12-08 a change set approved for Saturday 02:00 went live at once on {@code activate}, and its author
     * could move it to Friday 14:00 (or clear the time) alone, the approval standing.
     */
    @Test
    void anApprovedTimeIsKeptAndMovingItNeedsTheApprovalAgain(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(WEDNESDAY);
        try (GovernedRules rules = new GovernedRules(dir, "h2", 1, clock)) {
            ChangeSets sets = rules.changeSets;
            String before = rules.liveVersion();
            ChangeSet set = note(rules, "alice");
            sets.schedule(set.id(), SATURDAY, "alice");
            sets.propose(set.id(), "", "alice");
            assertThat(sets.approve(set.id(), "for Saturday night", "bob").state()).isEqualTo(State.APPROVED);

            assertThatThrownBy(() -> sets.activate(set.id(), "alice")).isInstanceOf(GovernanceException.class)
                    .satisfies(e -> assertThat(((GovernanceException) e).status()).isEqualTo(409))
                    .hasMessage("change set " + set.id() + " is scheduled for 2026-12-12T02:00:00Z and goes live "
                            + "then; its time was approved with it, so changing the time (schedule) needs its "
                            + "approval again");
            assertThat(rules.liveVersion()).isEqualTo(before);

            ChangeSet moved = sets.schedule(set.id(), FRIDAY, "alice");
            assertThat(moved.state()).isEqualTo(State.PROPOSED);
            assertThat(moved.activateAt()).isEqualTo(FRIDAY);
            assertThat(moved.approvers()).isEmpty();
            ChangeSet.Event last = moved.events().get(moved.events().size() - 1);
            assertThat(last.action()).isEqualTo("reschedule");
            assertThat(last.principal()).isEqualTo("alice");
            assertThat(last.fromState()).isEqualTo(State.APPROVED);
            assertThat(last.detail()).isEqualTo("2026-12-12T02:00:00Z -> 2026-12-11T14:00:00Z; approvals [bob] "
                    + "void: the new time needs 1 approval(s)");
            assertThat(rules.store.verifyEvents()).as("in the hash chain").isEmpty();

            assertThat(sets.approve(set.id(), "Friday is fine", "bob").state()).isEqualTo(State.APPROVED);
            clock.set(FRIDAY);
            ChangeSet live = sets.activate(set.id(), "scheduler");
            assertThat(live.state()).isEqualTo(State.ACTIVE);
            assertThat(rules.liveVersion()).isEqualTo(live.activatedVersion()).isNotEqualTo(before);
        }
    }

    /** Clearing the time (at once) is a move too; whoever moves it becomes one who may not approve it. */
    @Test
    void clearingTheTimeVoidsTheApprovalsAndTheOneWhoMovedItCannotApprove(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(WEDNESDAY);
        try (GovernedRules rules = new GovernedRules(dir, "h2", 1, clock)) {
            ChangeSets sets = rules.changeSets;
            ChangeSet set = approvedForSaturday(rules);

            ChangeSet cleared = sets.schedule(set.id(), null, "carol");
            assertThat(cleared.state()).as("not live at once").isEqualTo(State.PROPOSED);
            assertThat(cleared.activateAt()).isNull();
            assertThat(cleared.editors()).containsExactly("alice", "carol");
            assertThat(cleared.events().get(cleared.events().size() - 1).detail())
                    .startsWith("2026-12-12T02:00:00Z -> at once; approvals [bob] void");
            assertThatThrownBy(() -> sets.approve(set.id(), "", "carol")).isInstanceOf(GovernanceException.class)
                    .satisfies(e -> assertThat(((GovernanceException) e).status()).isEqualTo(403));
            assertThat(sets.approve(set.id(), "now then", "bob").state()).isEqualTo(State.ACTIVE);
        }
    }

    /** Once its time has come, two activations at once (two replicas, a person and the scheduler) make one. */
    @Test
    void twoActivationsAtItsTimeMakeOneActivation(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(WEDNESDAY);
        try (GovernedRules rules = new GovernedRules(dir, "h2", 1, clock)) {
            ChangeSets sets = rules.changeSets;
            ChangeSet set = approvedForSaturday(rules);
            clock.set(SATURDAY);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<String> outcomes = new ArrayList<>();
            try {
                Callable<String> activate = () -> {
                    try {
                        return sets.activate(set.id(), "scheduler").state().name();
                    } catch (GovernanceException e) {
                        return Integer.toString(e.status());
                    }
                };
                List<Future<String>> calls = List.of(pool.submit(activate), pool.submit(activate));
                for (Future<String> call : calls) {
                    outcomes.add(call.get());
                }
            } finally {
                pool.shutdown();
            }
            assertThat(outcomes).containsExactlyInAnyOrder("ACTIVE", "409");
            assertThat(sets.get(set.id()).events()).extracting(ChangeSet.Event::action).containsOnlyOnce("activated");
        }
    }

    /** With no approvals required (one person runs the service) a time moves freely and activate means now. */
    @Test
    void withNoApprovalsRequiredTimesMoveFreely(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(WEDNESDAY);
        try (GovernedRules rules = new GovernedRules(dir, "h2", 0, clock)) {
            ChangeSets sets = rules.changeSets;
            ChangeSet set = note(rules, "alice");
            sets.schedule(set.id(), SATURDAY, "alice");
            assertThat(sets.propose(set.id(), "", "alice").state()).isEqualTo(State.APPROVED);
            ChangeSet moved = sets.schedule(set.id(), FRIDAY, "alice");
            assertThat(moved.state()).isEqualTo(State.APPROVED);
            assertThat(moved.events().get(moved.events().size() - 1).action()).isEqualTo("schedule");
            assertThat(sets.activate(set.id(), "alice").state()).isEqualTo(State.ACTIVE);
        }
    }

    /** A change set that validates as it is: a comment at the end of the parameters. */
    /** Alice's note, scheduled for Saturday, proposed, and approved by Bob. */
    private static ChangeSet approvedForSaturday(GovernedRules rules) throws Exception {
        ChangeSet set = note(rules, "alice");
        rules.changeSets.schedule(set.id(), SATURDAY, "alice");
        rules.changeSets.propose(set.id(), "", "alice");
        return rules.changeSets.approve(set.id(), "", "bob");
    }

    private static ChangeSet note(GovernedRules rules, String author) throws Exception {
        String parameters = Files.readString(rules.dir.resolve("parameters/Parameters.drl"));
        return rules.changeSets.create("A note", "", Map.of("parameters/Parameters.drl",
                parameters + "\n// reviewed\n"), null, author);
    }
}
