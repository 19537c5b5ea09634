package io.positionpolicy.controls;

import io.positionpolicy.audit.CanonicalHash;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import java.time.Instant;
import java.util.List;

/**
 * One change of a trading state, as recorded: its place in the chain ({@code seq}), when, who (and through which
 * instance), where (scope and keys; {@code null} where the scope names none), the state before and after, why, and the
 * hashes that chain it to the change before.
 */
public record StateChange(long seq, Instant changedAt, String principal, String instanceId, ControlScope scope,
        String accountId, String symbol, TradingStatus oldState, TradingStatus newState, String reason,
        String prevHash, String hash) {

    static final String GENESIS = CanonicalHash.GENESIS;

    /** SHA-256 over every field but the hash, each as its UTF-8 length and bytes, so no two changes encode alike. */
    String computeHash() {
        return CanonicalHash.of(java.util.Arrays.asList(Long.toString(seq), changedAt.toString(), principal, instanceId,
                scope.name(), accountId, symbol, oldState.name(), newState.name(), reason, prevHash));
    }

    StateChange withHash() {
        return new StateChange(seq, changedAt, principal, instanceId, scope, accountId, symbol, oldState, newState,
                reason, prevHash, computeHash());
    }
}
