package io.positionpolicy.controls;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The change log's hash chain walked from the first change: {@code ok} when every change's hash is its own, each
 * points at the one before, the seqs run 1, 2, 3 …, the head names the last and the states in force are the ones the
 * changes leave; otherwise the first change found broken and why.
 */
public record ChangeLogVerification(boolean ok, int checked, Long firstBrokenSeq, String reason) {

    static ChangeLogVerification of(List<StateChange> changes, String[] head, List<TradingState> inForce) {
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
        return inForce(changes, inForce);
    }

    /**
     * The states in force must be exactly what the changes leave: for each scope its last change's state (none when
     * ACTIVE), reason, who and when. A state row edited, added or deleted in the database, behind the log, would
     * otherwise change what every order meets while the log still verifies.
     */
    private static ChangeLogVerification inForce(List<StateChange> changes, List<TradingState> inForce) {
        Map<List<Object>, StateChange> last = new LinkedHashMap<>();
        for (StateChange change : changes) {
            last.put(key(change.scope(), change.accountId(), change.symbol()), change);
        }
        Map<List<Object>, TradingState> rows = new LinkedHashMap<>();
        for (TradingState state : inForce) {
            rows.put(key(state.scope(), state.accountId(), state.symbol()), state);
        }
        for (Map.Entry<List<Object>, StateChange> entry : last.entrySet()) {
            StateChange change = entry.getValue();
            TradingState row = rows.remove(entry.getKey());
            TradingState expected = change.newState() == TradingStatus.ACTIVE ? null
                    : new TradingState(change.scope(), change.accountId(), change.symbol(), change.newState(),
                            change.reason(), change.principal(), change.changedAt());
            if (!Objects.equals(row, expected)) {
                return new ChangeLogVerification(false, changes.size(), change.seq(), "the state in force "
                        + where(change.scope(), change.accountId(), change.symbol()) + " is " + describe(row)
                        + ", but the log's last change for it, change " + change.seq() + ", left " + describe(expected)
                        + " (the trading_state table was changed outside the service)");
            }
        }
        if (!rows.isEmpty()) {
            TradingState row = rows.values().iterator().next();
            return new ChangeLogVerification(false, changes.size(), null, "the state in force "
                    + where(row.scope(), row.accountId(), row.symbol()) + " is " + describe(row)
                    + ", but no change in the log set it (the trading_state table was changed outside the service)");
        }
        return new ChangeLogVerification(true, changes.size(), null, null);
    }

    private static List<Object> key(ControlScope scope, String accountId, String symbol) {
        return Arrays.asList(scope, accountId, symbol);
    }

    private static String where(ControlScope scope, String accountId, String symbol) {
        return switch (scope) {
            case GLOBAL -> "everywhere";
            case ACCOUNT -> "for account " + accountId;
            case SYMBOL -> "for " + symbol;
            case ACCOUNT_SYMBOL -> "for " + symbol + " on account " + accountId;
        };
    }

    private static String describe(TradingState state) {
        return state == null ? "ACTIVE" : state.status() + " (reason '" + state.reason() + "', set by "
                + state.setBy() + " at " + state.since() + ")";
    }

    private static ChangeLogVerification broken(List<StateChange> changes, long seq, String reason) {
        return new ChangeLogVerification(false, changes.size(), seq, "change " + seq + ": " + reason);
    }
}
