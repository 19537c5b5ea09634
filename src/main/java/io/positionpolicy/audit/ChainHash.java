package io.positionpolicy.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical encoding of an audit row: every column in {@link AuditRow}'s order, each as its UTF-8
 * length (or -1 for null) followed by its bytes, so no two different rows encode alike. Columns added after the first
 * version are skipped while null, so adding one leaves the hashes of older records as they were.
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

    /** Every column but the hash itself, in {@link AuditRow}'s order. */
    String of(AuditRow row) {
        digest.reset();
        for (AuditColumns.Column column : AuditColumns.ALL) {
            if (column.name().equals("hash")) {
                continue;
            }
            String text = column.text(row);
            if (text != null || column.hashedWhenNull()) {
                field(text);
            }
        }
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
