package io.positionpolicy.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical encoding of an audit row: every field in a fixed order, each as its UTF-8 length (or -1
 * for null) followed by its bytes, so no two different rows encode alike.
 */
final class ChainHash {
    static final String GENESIS = "0".repeat(64);

    private final MessageDigest digest;

    ChainHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    String of(AuditRow row) {
        digest.reset();
        field(row.id());
        field(row.chainId());
        field(Long.toString(row.chainSeq()));
        field(row.evaluatedAt().toString());
        field(row.principal());
        field(row.requestId());
        field(row.accountId());
        field(row.positionId());
        field(row.symbol());
        field(row.intentType());
        field(row.verdict());
        field(row.rulesetVersion());
        field(Long.toString(row.durationMicros()));
        field(row.requestJson());
        field(row.responseJson());
        field(row.firedRules());
        field(row.violationCodes());
        field(row.prevHash());
        return HexFormat.of().formatHex(digest.digest());
    }

    private void field(String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
