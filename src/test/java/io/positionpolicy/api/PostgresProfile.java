package io.positionpolicy.api;

import io.positionpolicy.audit.TestStores;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs a @QuarkusTest against PostgreSQL at 127.0.0.1:5432, in a schema of its own. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            return Map.of(
                    "policy.db.url", TestStores.POSTGRES_BASE + "?currentSchema=" + TestStores.freshSchema(),
                    "policy.db.user", TestStores.POSTGRES_USER);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL is required for this test: " + e.getMessage(), e);
        }
    }
}
