package io.positionpolicy.governance;

import io.positionpolicy.governance.ChangeSet.State;
import io.positionpolicy.governance.ChangeSetStore.Change;
import io.positionpolicy.rules.RuleSources;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The life of a change set: DRAFT (its author and other risk managers edit it, validate it, accept scenario results,
 * run impact and backtests) → PROPOSED → APPROVED (by {@code requiredApprovals} risk managers who neither wrote nor
 * edited it) → ACTIVE, at once or at {@code activateAt}; or REJECTED (with a comment) / WITHDRAWN. With no approvals
 * required, proposing a valid change set activates it. Every transition is one transaction with its event.
 */
public final class ChangeSets {
    private final ChangeSetStore store;
    private final CandidateValidation validation;
    private final RuleSetPublisher publisher;
    private final int requiredApprovals;
    private final Clock clock;
    private final ChangeSetFiles bases;
    private final Activation activation;

    ChangeSets(ChangeSetStore store, CandidateValidation validation, RuleSetPublisher publisher, int requiredApprovals,
            Clock clock, Function<String, Optional<SortedMap<String, String>>> archived) {
        this.store = store;
        this.validation = validation;
        this.publisher = publisher;
        this.requiredApprovals = requiredApprovals;
        this.clock = clock;
        this.bases = new ChangeSetFiles(archived);
        this.activation = new Activation(store, publisher, clock);
    }

    public int requiredApprovals() {
        return requiredApprovals;
    }

    public ChangeSet create(String title, String description, Map<String, String> files, Instant activateAt,
            String principal) {
        return create(ChangeSet.EDIT, title, description, files, activateAt, principal, "create", "");
    }

    ChangeSet create(String kind, String title, String description, Map<String, String> files, Instant activateAt,
            String principal, String action, String comment) {
        Instant now = clock.instant();
        SortedMap<String, String> live = publisher.currentFiles();
        String base = RuleSources.version(ChangeSetFiles.drlOf(live));
        ChangeSet set = new ChangeSet(UUID.randomUUID().toString(), title, description == null ? "" : description,
                principal, kind, base, State.DRAFT, activateAt, null, null, null, null, null, now, now, 0,
                new TreeMap<>(files), ChangeSetFiles.current(files.keySet(), live), List.of());
        store.insert(set, new Change(null, files, true, action, null, State.DRAFT, principal, comment,
                String.join(", ", files.keySet())));
        return get(set.id());
    }

    public ChangeSet get(String id) {
        return store.find(id).orElseThrow(() -> GovernanceException.notFound(id));
    }

    public List<ChangeSet> list(String state, String author, int limit) {
        return store.list(state, author, limit);
    }

    /** Replaces (or with {@code null} text deletes) files of a draft; clears its validation and approvals. */
    public ChangeSet edit(String id, Map<String, String> files, String principal) {
        ChangeSet set = inState(id, State.DRAFT);
        ChangeSet next = touched(set, null, null, null)
                .replacing(ChangeSetFiles.entering(set, files.keySet(), publisher.currentFiles()));
        store.update(set, new Change(next, files, false, "edit", State.DRAFT, State.DRAFT, principal, "",
                String.join(", ", files.keySet())));
        return get(id);
    }

    /**
     * Sets or clears when an approved change set goes live (before it is active). With approvals required the time is
     * part of what is approved: changing it once the change set is proposed is a {@code reschedule} that voids its
     * approvals (back to PROPOSED), so nobody moves a change approved for Saturday night to Friday afternoon alone.
     */
    public ChangeSet schedule(String id, Instant activateAt, String principal) {
        ChangeSet set = get(id);
        if (set.state().isFinal() || set.state() == State.ACTIVATING) {
            throw GovernanceException.conflict("change set " + id + " is " + set.state() + "; it cannot be scheduled");
        }
        boolean reschedule = requiredApprovals > 0 && (set.state() == State.PROPOSED || set.state() == State.APPROVED)
                && !Objects.equals(micros(activateAt), micros(set.activateAt()));
        State to = reschedule ? State.PROPOSED : set.state();
        ChangeSet next = copy(set, to, set.baseVersion(), activateAt, set.validatedDigest(), set.validation(), null);
        String detail = (set.activateAt() == null ? "at once" : set.activateAt()) + " -> " + (activateAt == null
                ? "at once" : activateAt) + (reschedule ? "; approvals " + set.approvers() + " void: the new time "
                + "needs " + requiredApprovals + " approval(s)" : "");
        store.update(set, new Change(next, null, false, reschedule ? "reschedule" : "schedule", set.state(), to,
                principal, activateAt == null ? "at once" : activateAt.toString(), detail));
        return activateIfDue(get(id), principal);
    }

    private static Instant micros(Instant at) { // the store keeps microseconds
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Validates the change set as it would go live, keeps the report with it, and returns it. */
    public CandidateValidation.Result validate(String id, String principal) {
        ChangeSet set = get(id);
        CandidateValidation.Result result = validation.validate(tree(set), principal);
        ChangeSet next = copy(set, set.state(), set.baseVersion(), set.activateAt(),
                result.report().ok() ? digest(set) : null, result.json(), set.impact());
        store.update(set, new Change(next, null, false, null, null, null, principal, null, null));
        return result;
    }

    /** Rewrites the scenario expectations the change set's rules no longer meet to what they decide now. */
    public ChangeSet acceptResults(String id, String principal) {
        ChangeSet set = inState(id, State.DRAFT);
        SortedMap<String, String> live = publisher.currentFiles();
        Map<String, String> rewritten = validation.acceptResults(ChangeSetFiles.tree(live, set));
        if (rewritten.isEmpty()) {
            throw GovernanceException.conflict("every scenario passes: there are no results to accept");
        }
        ChangeSet next = touched(set, null, null, null)
                .replacing(ChangeSetFiles.entering(set, rewritten.keySet(), live));
        store.update(set, new Change(next, rewritten, false, "accept-results",
                State.DRAFT, State.DRAFT, principal, "", String.join(", ", rewritten.keySet())));
        return get(id);
    }

    public ChangeSet keepImpact(String id, String impactJson) {
        ChangeSet set = get(id);
        store.update(set, new Change(copy(set, set.state(), set.baseVersion(), set.activateAt(),
                set.validatedDigest(), set.validation(), impactJson), null, false, null, null, null, null, null, null));
        return get(id);
    }

    public ChangeSet keepBacktest(String id, String backtestId) {
        ChangeSet set = get(id);
        ChangeSet next = new ChangeSet(set.id(), set.title(), set.description(), set.author(), set.kind(),
                set.baseVersion(), set.state(), set.activateAt(), set.validatedDigest(), set.validation(),
                set.impact(), backtestId, set.activatedVersion(), set.createdAt(), clock.instant(), set.rowVersion(),
                set.files(), set.replaces(), set.events());
        store.update(set, new Change(next, null, false, null, null, null, null, null, null));
        return get(id);
    }

    /** DRAFT → PROPOSED, once the current content validated; with no approvals required it goes on to ACTIVE. */
    public ChangeSet propose(String id, String comment, String principal) {
        ChangeSet set = inState(id, State.DRAFT);
        if (!set.editors().contains(principal)) {
            throw GovernanceException.forbidden("only the author or an editor of the change set may propose it");
        }
        if (!digest(set).equals(set.validatedDigest())) {
            CandidateValidation.Result result = validate(id, principal);
            if (!result.report().ok()) {
                throw new GovernanceException(422, "rules-invalid", "the change set does not validate: "
                        + result.report().problems().size() + " problems (see its validation)");
            }
            set = get(id);
        }
        State to = requiredApprovals == 0 ? State.APPROVED : State.PROPOSED;
        store.update(set, new Change(copy(set, to, set.baseVersion(), set.activateAt(), set.validatedDigest(),
                set.validation(), set.impact()), null, false, "propose", State.DRAFT, to, principal, comment, ""));
        return activateIfDue(get(id), principal);
    }

    /** A risk manager who neither wrote nor edited it approves; enough approvals make it APPROVED (and due: ACTIVE). */
    public ChangeSet approve(String id, String comment, String principal) {
        ChangeSet set = inState(id, State.PROPOSED);
        if (set.editors().contains(principal)) {
            throw GovernanceException.forbidden(principal + " wrote or edited change set " + id
                    + ", so cannot approve it: approval takes another risk manager (four eyes)");
        }
        if (set.approvers().contains(principal)) {
            throw GovernanceException.conflict(principal + " has already approved change set " + id);
        }
        boolean enough = set.approvers().size() + 1 >= requiredApprovals;
        State to = enough ? State.APPROVED : State.PROPOSED;
        store.update(set, new Change(copy(set, to, set.baseVersion(), set.activateAt(), set.validatedDigest(),
                set.validation(), set.impact()), null, false, "approve", State.PROPOSED, to, principal,
                comment == null ? "" : comment, (set.approvers().size() + 1) + " of " + requiredApprovals));
        return activateIfDue(get(id), principal);
    }

    public ChangeSet reject(String id, String comment, String principal) {
        if (comment == null || comment.isBlank()) {
            throw new GovernanceException(400, "invalid-request", "comment: a rejection needs a comment saying why");
        }
        ChangeSet set = inState(id, State.PROPOSED, State.APPROVED);
        if (set.editors().contains(principal)) {
            throw GovernanceException.forbidden("the author or an editor withdraws a change set, not rejects it");
        }
        return transition(set, State.REJECTED, "reject", comment, principal);
    }

    public ChangeSet withdraw(String id, String comment, String principal) {
        ChangeSet set = inState(id, State.DRAFT, State.PROPOSED, State.APPROVED);
        if (!set.editors().contains(principal)) {
            throw GovernanceException.forbidden("only the author or an editor may withdraw change set " + id);
        }
        return transition(set, State.WITHDRAWN, "withdraw", comment, principal);
    }

    /**
     * Moves the base to the active version, and what its files replace to their live texts, and validates again;
     * approvals of the same files stand. But a change set holds whole files: when another change went live in one of
     * its files (rule or scenario file) since it was written, going live would undo that change, which nobody
     * approved. Then the rebase puts it back in DRAFT (approvals void) for its author to take the other change in,
     * and it is proposed and approved again.
     */
    public ChangeSet rebase(String id, String principal) {
        ChangeSet set = get(id);
        if (set.state().isFinal() || set.state() == State.ACTIVATING) {
            throw GovernanceException.conflict("change set " + id + " is " + set.state());
        }
        SortedMap<String, String> live = publisher.currentFiles();
        String active = RuleSources.version(ChangeSetFiles.drlOf(live));
        List<String> changedMeanwhile = bases.changedSinceBase(set, live);
        State to = changedMeanwhile.isEmpty() ? set.state() : State.DRAFT;
        ChangeSet moved = copy(set, to, active, set.activateAt(), null, null, set.impact())
                .replacing(ChangeSetFiles.current(set.files().keySet(), live));
        store.update(set, new Change(moved, null, false, "rebase", set.state(), to, principal, "",
                set.baseVersion() + " -> " + active + (changedMeanwhile.isEmpty() ? "" : "; "
                        + String.join(", ", changedMeanwhile) + " changed in another version since the base, and "
                        + "this change set's text would undo that: back to DRAFT, approvals void, to take that "
                        + "change in and propose it again")));
        validate(id, principal);
        return activateIfDue(get(id), principal);
    }

    /**
     * The scheduler found this approved change set due but could not activate it (made on a version no longer
     * active, a file of it changed by another change since, or not validated in its current form): its time is
     * cleared and why is recorded, once, instead of being tried again at every check. With approvals required the
     * time was approved with it, and it has passed: the approvals are void too (back to PROPOSED), so it goes live
     * only when approved again, at once or at a new time, not whenever its author rebases it. Without, a rebase
     * takes it live (or {@code schedule} sets a new time).
     */
    ChangeSet scheduleMissed(String id, String reason) {
        ChangeSet set = inState(id, State.APPROVED);
        State to = requiredApprovals > 0 ? State.PROPOSED : State.APPROVED;
        ChangeSet next = copy(set, to, set.baseVersion(), null, set.validatedDigest(), set.validation(),
                set.impact());
        store.update(set, new Change(next, null, false, "schedule-missed", State.APPROVED, to, "scheduler", "",
                "due at " + set.activateAt() + " but not activated: " + reason + (to == State.PROPOSED
                        ? "; approvals " + set.approvers() + " void: it goes live when approved again" : "")));
        return get(id);
    }

    /**
     * APPROVED → ACTIVE now (the scheduler calls this when {@code activateAt} has come). With approvals required a
     * scheduled change set does not go live before its time, which was approved with it; and never over a file whose
     * live text is no longer what it replaces.
     */
    public ChangeSet activate(String id, String principal) {
        ChangeSet set = inState(id, State.APPROVED);
        if (requiredApprovals > 0 && set.activateAt() != null && set.activateAt().isAfter(clock.instant())) {
            throw GovernanceException.conflict("change set " + id + " is scheduled for " + set.activateAt()
                    + " and goes live then; its time was approved with it, so changing the time (schedule) needs "
                    + "its approval again");
        }
        SortedMap<String, String> live = publisher.currentFiles();
        String active = RuleSources.version(ChangeSetFiles.drlOf(live));
        if (!active.equals(set.baseVersion())) {
            throw GovernanceException.conflict("change set " + id + " was made on " + set.baseVersion()
                    + " but " + active + " is active now: rebase it (and let it validate again) first");
        }
        List<String> stale = ChangeSetFiles.stale(set, live);
        if (!stale.isEmpty()) {
            throw GovernanceException.conflict("change set " + id + " would undo a change made since it was written "
                    + "to " + String.join(", ", stale) + " (its whole text replaces what was live then): rebase it "
                    + "first, which puts it back in DRAFT to take that change in");
        }
        if (!digest(set).equals(set.validatedDigest())) {
            throw GovernanceException.conflict("change set " + id + " has not validated in its current form");
        }
        ChangeSet claimed = copy(set, State.ACTIVATING, set.baseVersion(), set.activateAt(), set.validatedDigest(),
                set.validation(), set.impact());
        store.update(set, new Change(claimed, null, false, "activate", State.APPROVED, State.ACTIVATING, principal,
                "", "")); // exactly one caller gets past this: the others find a newer row_version
        return activation.publishClaimed(get(id), live, active, "change-set", State.APPROVED, principal);
    }

    /** An admin's emergency: validates and publishes a change set at once, without approvals, with the reason. */
    ChangeSet forceActivate(String id, String reason, String principal) {
        ChangeSet set = inState(id, State.DRAFT);
        CandidateValidation.Result result = validate(id, principal);
        if (!result.report().ok()) {
            throw new GovernanceException(422, "rules-invalid", "the version to roll back to does not validate "
                    + "with today's scenario files: " + result.report().problems());
        }
        set = get(id);
        SortedMap<String, String> live = publisher.currentFiles();
        ChangeSet claimed = copy(set, State.ACTIVATING, set.baseVersion(), null, set.validatedDigest(),
                set.validation(), set.impact());
        store.update(set, new Change(claimed, null, false, "emergency-activate", State.DRAFT, State.ACTIVATING,
                principal, reason, "emergency change: no approvals"));
        return activation.publishClaimed(get(id), live, RuleSources.version(ChangeSetFiles.drlOf(live)),
                "emergency-rollback", State.DRAFT, principal);
    }

    /** The live tree (rule and scenario files by path). */
    SortedMap<String, String> liveFiles() {
        return publisher.currentFiles();
    }

    private ChangeSet activateIfDue(ChangeSet set, String principal) {
        boolean due = set.activateAt() == null || !set.activateAt().isAfter(clock.instant());
        SortedMap<String, String> live = publisher.currentFiles();
        boolean onActiveBase = RuleSources.version(ChangeSetFiles.drlOf(live)).equals(set.baseVersion())
                && ChangeSetFiles.stale(set, live).isEmpty();
        if (set.state() == State.APPROVED && due && onActiveBase) {
            return activate(set.id(), principal);
        }
        return set; // approved on a base that is no longer active (or files changed since): it waits for a rebase
    }

    /** The whole tree the change set would make live: the live files with its own laid over them. */
    SortedMap<String, String> tree(ChangeSet set) {
        return ChangeSetFiles.tree(publisher.currentFiles(), set);
    }

    /** What a validation is valid for: the base and every file of the change set. */
    static String digest(ChangeSet set) {
        SortedMap<String, String> all = new TreeMap<>();
        set.files().forEach((path, text) -> all.put(path, text == null ? "\u0000deleted" : text));
        all.put("\u0000base", String.valueOf(set.baseVersion()));
        return RuleSources.version(all);
    }

    private ChangeSet transition(ChangeSet set, State to, String action, String comment, String principal) {
        store.update(set, new Change(copy(set, to, set.baseVersion(), set.activateAt(), set.validatedDigest(),
                set.validation(), set.impact()), null, false, action, set.state(), to, principal,
                comment == null ? "" : comment, ""));
        return get(set.id());
    }

    private ChangeSet inState(String id, State... states) {
        ChangeSet set = get(id);
        for (State state : states) {
            if (set.state() == state) {
                return set;
            }
        }
        throw GovernanceException.conflict("change set " + id + " is " + set.state() + "; this needs it "
                + (states.length == 1 ? states[0] : java.util.Arrays.toString(states)));
    }

    /** The row after an edit of its files: validation gone, state unchanged. */
    private ChangeSet touched(ChangeSet set, String v, String d, String i) {
        return copy(set, set.state(), set.baseVersion(), set.activateAt(), d, v, i);
    }

    private ChangeSet copy(ChangeSet s, State state, String base, Instant activateAt, String digest, String validation,
            String impact) {
        return s.moved(state, base, activateAt, digest, validation, impact, clock.instant());
    }

    /** Settles a change set an activation left ACTIVATING (see {@link Activation#settleInterrupted}). */
    ChangeSet settleInterrupted(String id, String principal, String why) {
        return activation.settleInterrupted(inState(id, State.ACTIVATING), principal, why);
    }
}
