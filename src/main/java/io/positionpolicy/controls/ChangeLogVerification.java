package io.positionpolicy.controls;

import java.util.List;

/**
 * The change log's hash chain walked from the first change: {@code ok} when every change's hash is its own, each
 * points at the one before, the seqs run 1, 2, 3 … and the head names the last; otherwise the first change found
 * broken and why.
 */
public record ChangeLogVerification(boolean ok, int checked, Long firstBrokenSeq, String reason) {

    static ChangeLogVerification of(List<StateChange> changes, String[] head) {
        String previous = StateChange.GENESIS;
        long expected = 1;
        for (StateChange change : changes) {
            if (change.seq() != expected) {
                return broken(changes, change.seq(), "change " + expected + " is missing or out of order");
            }
            if (!change.prevHash().equals(previous)) {
                return broken(changes, change.seq(), "does not point at the hash of the change before");
            }
            if (!change.computeHash().equals(change.hash())) {
                return broken(changes, change.seq(), "its fields no longer match its hash (changed after the fact)");
            }
            previous = change.hash();
            expected++;
        }
        if (Long.parseLong(head[0]) != expected - 1 || !head[1].equals(previous)) {
            return new ChangeLogVerification(false, changes.size(), expected,
                    "the head names change " + head[0] + " but the log ends at " + (expected - 1)
                            + " (changes removed from the end)");
        }
        return new ChangeLogVerification(true, changes.size(), null, null);
    }

    private static ChangeLogVerification broken(List<StateChange> changes, long seq, String reason) {
        return new ChangeLogVerification(false, changes.size(), seq, "change " + seq + ": " + reason);
    }
}
