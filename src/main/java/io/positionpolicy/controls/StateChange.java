package io.positionpolicy.controls;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One change of a trading state, as recorded: its place in the chain ({@code seq}), when, who (and through which
 * instance), where (scope and keys; {@code null} where the scope names none), the state before and after, why, and the
 * hashes that chain it to the change before.
 */
public record StateChange(long seq, Instant changedAt, String principal, String instanceId, ControlScope scope,
        String accountId, String symbol, TradingStatus oldState, TradingStatus newState, String reason,
        String prevHash, String hash) {

    static final String GENESIS = "0".repeat(64);

    /** SHA-256 over every field but the hash, each as its UTF-8 length and bytes, so no two changes encode alike. */
    String computeHash() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        for (String field : List.of(Long.toString(seq), changedAt.toString(), principal, instanceId, scope.name(),
                accountId == null ? "" : accountId, symbol == null ? "" : symbol, oldState.name(), newState.name(),
                reason, prevHash)) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    StateChange withHash() {
        return new StateChange(seq, changedAt, principal, instanceId, scope, accountId, symbol, oldState, newState,
                reason, prevHash, computeHash());
    }
}
