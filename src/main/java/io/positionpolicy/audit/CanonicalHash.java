package io.positionpolicy.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The one encoding every hash chain of the store uses (audit records, change-set events, trading-state changes):
 * SHA-256 over the fields in a fixed order, each as its UTF-8 length (or -1 for null) followed by its bytes, so no two
 * different rows encode alike.
 */
public final class CanonicalHash {
    /** The hash a chain's first record points back to. */
    public static final String GENESIS = "0".repeat(64);

    private CanonicalHash() {
    }

    public static String of(List<String> fields) {
        MessageDigest digest = sha256();
        fields.forEach(field -> update(digest, field));
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static void update(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
