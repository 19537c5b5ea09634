package io.positionpolicy.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/** The audit API tests on PostgreSQL; skipped when it is unreachable, required in CI (REQUIRE_POSTGRES=1). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIf("io.positionpolicy.audit.TestStores#postgresEnabled")
class AuditApiPostgresTest extends AuditApiTest {
}
