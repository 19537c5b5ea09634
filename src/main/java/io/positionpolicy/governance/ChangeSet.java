package io.positionpolicy.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A change set as stored and shown: a named draft of edits to several rule and scenario files over a base version,
 * who wrote and edited it, where it stands, and every transition it went through.
 *
 * @param files path → the file's whole new text; {@code null} deletes the file
 * @param validation the last validation's report (JSON), kept until the files or the base change
 * @param replaces path → what the change set's text of that file replaces: {@code sha256:…} of the live text when
 *                 the file entered it (or {@code absent}), refreshed by a rebase; activation is refused once the live
 *                 text is something else. No entry: stored before this was kept (the base version is checked then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeSet(
        String id,
        String title,
        String description,
        String author,
        String kind,
        String baseVersion,
        State state,
        Instant activateAt,
        String validatedDigest,
        @JsonRawValue String validation,
        @JsonRawValue String impact,
        String backtestId,
        String activatedVersion,
        Instant createdAt,
        Instant updatedAt,
        long rowVersion,
        SortedMap<String, String> files,
        SortedMap<String, String> replaces,
        List<Event> events) {

    /** Where a change set stands; only ACTIVE, REJECTED, WITHDRAWN and FAILED are final. */
    public enum State {
        DRAFT, PROPOSED, APPROVED, ACTIVATING, ACTIVE, REJECTED, WITHDRAWN, FAILED;

        public boolean isFinal() {
            return this == ACTIVE || this == REJECTED || this == WITHDRAWN || this == FAILED;
        }
    }

    /** What kind of change: an ordinary edit, a rollback proposed as a change set, or an admin's emergency rollback. */
    public static final String EDIT = "EDIT";
    public static final String ROLLBACK = "ROLLBACK";
    public static final String EMERGENCY_ROLLBACK = "EMERGENCY_ROLLBACK";

    /** One transition, as recorded in the tamper-evident event chain. */
    public record Event(long seq, Instant at, String principal, String action, State fromState, State toState,
            String comment, String detail, String hash) {
    }

    /**
     * Everyone who wrote or edited the change set, its time once proposed included: none of them may approve it, so
     * nobody gets a time of their own choosing approved by themselves.
     */
    @JsonProperty("editors")
    public List<String> editors() {
        return events.stream().filter(e -> e.action().equals("create") || e.action().equals("edit")
                || e.action().equals("accept-results") || e.action().equals("reschedule"))
                .map(Event::principal).distinct().toList();
    }

    /** The same change set with {@code replaces} for what its files replace. */
    /** This change set moved on at {@code at}: its state, base, time, validation and impact as given. */
    ChangeSet moved(State state, String base, Instant activateAt, String digest, String validation, String impact,
            Instant at) {
        return new ChangeSet(id, title, description, author, kind, base, state, activateAt, digest, validation, impact,
                backtestId, activatedVersion, createdAt, at, rowVersion, files, replaces, events);
    }

    /** This change set's activation ended at {@code at}: ACTIVE or FAILED, with the version it made live. */
    ChangeSet ended(State state, String version, Instant at) {
        return new ChangeSet(id, title, description, author, kind, baseVersion, state, activateAt, validatedDigest,
                validation, impact, backtestId, version, createdAt, at, rowVersion, files, replaces, events);
    }

    ChangeSet replacing(SortedMap<String, String> replaces) {
        return new ChangeSet(id, title, description, author, kind, baseVersion, state, activateAt, validatedDigest,
                validation, impact, backtestId, activatedVersion, createdAt, updatedAt, rowVersion, files, replaces,
                events);
    }

    /**
     * Risk managers who approved it since it was last proposed: an edit, a rebase back to DRAFT, a change of its
     * time once proposed ({@code reschedule}) and, with approvals required, its time passing without it going live
     * ({@code schedule-missed} to PROPOSED) void approvals.
     */
    @JsonProperty("approvers")
    public List<String> approvers() {
        List<String> approvers = new java.util.ArrayList<>();
        for (Event e : events) {
            if (e.action().equals("approve") && !approvers.contains(e.principal())) {
                approvers.add(e.principal());
            } else if (e.action().equals("edit") || e.action().equals("accept-results")
                    || e.action().equals("propose") || e.action().equals("reschedule")
                    || e.action().equals("rebase") && e.toState() == State.DRAFT
                    || e.action().equals("schedule-missed") && e.toState() == State.PROPOSED) {
                approvers.clear();
            }
        }
        return approvers;
    }
}
