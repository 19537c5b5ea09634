package io.positionpolicy.audit;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical encoding of an audit row: every column in {@link AuditRow}'s order, each as its UTF-8
 * length (or -1 for null) followed by its bytes, so no two different rows encode alike. Columns added after the first
 * version are skipped while null, so adding one leaves the hashes of older records as they were.
 */
final class ChainHash {
    static final String GENESIS = CanonicalHash.GENESIS;

    private final MessageDigest digest = CanonicalHash.sha256(); // one per writer or verifier: no lookup per record

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
        CanonicalHash.update(digest, value);
    }
}
