package io.positionpolicy.security;

import java.util.List;

/**
 * The service's roles. {@code admin} may do everything; endpoints name it next to the specific role so each
 * {@code @RolesAllowed} reads as the whole rule.
 */
public final class Roles {
    /** Evaluates orders and positions. */
    public static final String TRADER = "trader";
    /** Reads, validates and reloads rule sets. */
    public static final String RISK_MANAGER = "risk-manager";
    /** Reads, exports and verifies the audit trail; reads rule sets. */
    public static final String AUDITOR = "auditor";
    /** Everything. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(TRADER, RISK_MANAGER, AUDITOR, ADMIN);

    private Roles() {
    }
}
