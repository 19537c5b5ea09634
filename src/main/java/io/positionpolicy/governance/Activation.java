package io.positionpolicy.governance;

import io.positionpolicy.governance.ChangeSet.State;
import io.positionpolicy.governance.ChangeSetStore.Change;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSetMovedException;
import io.positionpolicy.rules.RuleSources;
import java.time.Clock;
import java.util.Objects;
import java.util.SortedMap;

/**
 * The end of a change set's activation, once it is claimed (ACTIVATING, exactly one caller): its tree published and
 * the change set ACTIVE or FAILED by what the load said; refused (back where it was) when another version went live
 * meanwhile; and, when the publish failed part-way or its process died, settled by what went live, never left
 * ACTIVATING nor called live when it is not.
 */
final class Activation {
    private final ChangeSetStore store;
    private final RuleSetPublisher publisher;
    private final Clock clock;

    Activation(ChangeSetStore store, RuleSetPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Publishes a change set claimed for activation: its files laid over {@code live}, the tree of version
     * {@code base}. If another version went live in the meantime (a save, another change set or a rollback, here or
     * on another replica), nothing is published: the change set goes back to {@code back}, and a 409 says why.
     */
    ChangeSet publishClaimed(ChangeSet mine, SortedMap<String, String> live, String base, String trigger,
            State back, String principal) {
        ReloadReport report;
        try {
            report = publisher.publish(ChangeSetFiles.tree(live, mine), base, trigger, principal);
        } catch (RuleSetMovedException e) {
            ChangeSet returned = mine.moved(back, mine.baseVersion(), mine.activateAt(), mine.validatedDigest(),
                    mine.validation(), mine.impact(), clock.instant());
            store.update(mine, new Change(returned, null, false, "activation-refused", State.ACTIVATING, back,
                    principal, "", e.getMessage()));
            throw GovernanceException.conflict("change set " + mine.id() + " did not go live: " + e.getMessage());
        } catch (RuntimeException e) { // the disk or the store failed part-way: what went live is read, not guessed
            ChangeSet settled;
            try {
                settled = settleInterrupted(get(mine.id()), principal, e.getMessage());
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable); // stays ACTIVATING: the scheduler settles it once the store answers
                throw new GovernanceException(503, "activation-interrupted", "change set " + mine.id()
                        + " may not have gone live (" + e.getMessage() + "); it is settled once the store answers");
            }
            if (settled.state() != State.ACTIVE) {
                throw new GovernanceException(503, "activation-interrupted", "change set " + mine.id()
                        + " did not go live: " + e.getMessage() + "; nothing of it is live, it is " + settled.state()
                        + " again");
            }
            return settled;
        }
        return finishActivation(mine, report, principal);
    }

    /**
     * Settles a change set an activation left ACTIVATING (its process died, or the disk or the store failed, between
     * the claim and the last step), so that it is neither stuck nor wrong: when every file of it is what is live
     * now, it went live and is ACTIVE; otherwise nothing of it is live and it goes back to where the claim took it
     * from (APPROVED; an emergency rollback to DRAFT), to be activated again.
     */
    ChangeSet settleInterrupted(ChangeSet set, String principal, String why) {
        SortedMap<String, String> live = publisher.currentFiles();
        boolean wentLive = set.files().entrySet().stream()
                .allMatch(file -> Objects.equals(live.get(file.getKey()), file.getValue()));
        if (wentLive) {
            String version = RuleSources.version(ChangeSetFiles.drlOf(live));
            store.update(set, new Change(set.ended(State.ACTIVE, version, clock.instant()), null, false, "activated",
                    State.ACTIVATING, State.ACTIVE, principal, "", version
                            + " (its activation was interrupted after its files went live: " + why + ")"));
        } else {
            State back = ChangeSet.EMERGENCY_ROLLBACK.equals(set.kind()) ? State.DRAFT : State.APPROVED;
            ChangeSet returned = set.moved(back, set.baseVersion(), set.activateAt(), set.validatedDigest(),
                    set.validation(), set.impact(), clock.instant());
            store.update(set, new Change(returned, null, false, "activation-interrupted", State.ACTIVATING, back,
                    principal, "", "its activation did not finish and none of its files is live: " + why));
        }
        return get(set.id());
    }

    private ChangeSet finishActivation(ChangeSet mine, ReloadReport report, String principal) {
        State to = report.ok() ? State.ACTIVE : State.FAILED;
        String detail = report.ok() ? report.version()
                : report.problems().stream().map(Object::toString).toList().toString();
        store.update(mine, new Change(mine.ended(to, report.version(), clock.instant()), null, false,
                report.ok() ? "activated" : "activation-failed", State.ACTIVATING, to, principal, "", detail));
        return get(mine.id());
    }

    private ChangeSet get(String id) {
        return store.find(id).orElseThrow(() -> GovernanceException.notFound(id));
    }
}
