package io.positionpolicy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The users of src/test/resources/test-users, one per role, with their passwords. */
public enum TestUsers {
    TRADER("trader", "trader-pass-123"),
    RISK_MANAGER("risk", "risk-pass-1234"),
    AUDITOR("auditor", "auditor-pass-12"),
    ADMIN("admin", "admin-pass-1234");

    public static final String FILE = "src/test/resources/test-users";

    public final String user;
    public final String password;

    TestUsers(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** The value of an Authorization header for this user. */
    public String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
