package io.positionpolicy.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint against every kind of caller: nobody, wrong credentials (bad password, unknown user, expired or
 * foreign-issuer JWT, unknown scheme), and each role signed in by HTTP Basic and by bearer JWT. Each cell is allowed
 * (the endpoint's own answer), 401 (a problem with the challenges) or 403 (a problem).
 */
@QuarkusTest
class AccessMatrixTest {
    private static final String TRADER = Roles.TRADER;
    private static final String RISK = Roles.RISK_MANAGER;
    private static final String AUDITOR = Roles.AUDITOR;
    private static final String ADMIN = Roles.ADMIN;
    private static final Set<String> ANY_ROLE = Set.of(TRADER, RISK, AUDITOR, ADMIN);
    /** Marks an endpoint open to everyone, signed in or not. */
    private static final Set<String> OPEN = Set.of("open");

    private static String evaluationId;
    private static String version;

    /** One endpoint: how to call it, who may, and the status an allowed caller gets. */
    record Endpoint(String method, String path, Set<String> roles, int allowedStatus,
            UnaryOperator<RequestSpecification> body) {
        Response call(RequestSpecification request) {
            String resolved = path.replace("{id}", evaluationId).replace("{version}", version);
            return body.apply(request).request(method, resolved);
        }
    }

    /** One caller: how it signs in, and its role (null when it is not signed in at all). */
    record Caller(String name, String role, UnaryOperator<RequestSpecification> credentials) {
    }

    /** Called from the test itself: RestAssured points at the test instance only once a test runs. */
    static void recordOneEvaluation() throws Exception {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        evaluationId = given().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(Files.readString(Path.of("examples/worked-example-step1.json")))
                .post("/api/v1/evaluations").then().statusCode(200).extract().path("evaluationId");
        version = given().header("Authorization", TestUsers.AUDITOR.basic())
                .get("/api/v1/rulesets/status").then().statusCode(200).extract().path("activeVersion");
    }

    static List<Endpoint> endpoints() throws Exception {
        String step1 = Files.readString(Path.of("examples/worked-example-step1.json"));
        String note = "{\"files\": {\"extra/Note.drl\": \"package extra;\\nrule \\\"Nothing\\\"\\nwhen\\n"
                + "  eval(false)\\nthen\\nend\\n\"}}";
        byte[] volatility = Files.readAllBytes(Path.of("rules/entry/Volatility.drl"));
        UnaryOperator<RequestSpecification> none = r -> r;
        Set<String> rulesReaders = Set.of(RISK, AUDITOR, ADMIN);
        Set<String> rulesWriters = Set.of(RISK, ADMIN);
        Set<String> auditors = Set.of(AUDITOR, ADMIN);
        return List.of(
                new Endpoint("POST", "/api/v1/evaluations", Set.of(TRADER, ADMIN), 200,
                        r -> r.contentType(ContentType.JSON).body(step1)),
                new Endpoint("POST", "/api/v1/evaluations/batch", Set.of(TRADER, ADMIN), 200,
                        r -> r.contentType(ContentType.JSON).body("{\"items\": [" + step1 + "]}")),
                new Endpoint("GET", "/api/v1/rulesets", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/status", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/operations", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/active", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/{version}", ANY_ROLE, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/{version}/diff/{version}", rulesReaders, 200, none),
                new Endpoint("POST", "/api/v1/rulesets/reload", rulesWriters, 200, none),
                new Endpoint("POST", "/api/v1/rulesets/{version}/activate", rulesWriters, 409, none),
                new Endpoint("POST", "/api/v1/rulesets/validate", rulesWriters, 200,
                        r -> r.contentType(ContentType.JSON).body(note)),
                new Endpoint("POST", "/api/v1/rulesets/validate", rulesWriters, 200,
                        r -> r.multiPart("file", "entry/Volatility.drl", volatility, "text/plain")),
                new Endpoint("GET", "/api/v1/audit/evaluations", auditors, 200, none),
                new Endpoint("GET", "/api/v1/audit/evaluations/{id}", auditors, 200, none),
                new Endpoint("GET", "/api/v1/audit/export?format=csv", auditors, 200, none),
                new Endpoint("GET", "/api/v1/audit/rules/stats", auditors, 200, none),
                new Endpoint("GET", "/api/v1/audit/verify", auditors, 200, none),
                new Endpoint("POST", "/api/v1/rulesets/impact", rulesWriters, 400,
                        r -> r.contentType(ContentType.JSON).body("{\"limit\": 0}")),
                new Endpoint("POST", "/api/v1/backtests", rulesWriters, 400,
                        r -> r.contentType(ContentType.JSON).body("{\"file\": \"no-such-file.csv\"}")),
                new Endpoint("GET", "/api/v1/backtests", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/backtests/files", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/backtests/no-such-job", rulesReaders, 404, none),
                new Endpoint("DELETE", "/api/v1/backtests/no-such-job", rulesWriters, 404, none),
                new Endpoint("GET", "/api/v1/me", ANY_ROLE, 200, none),
                new Endpoint("GET", "/api/v1/cluster", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/rulesets/files", rulesWriters, 200, none),
                new Endpoint("PUT", "/api/v1/rulesets/files/entry/Volatility.drl", rulesWriters, 412,
                        r -> r.contentType(ContentType.TEXT).header("If-Match", "\"stale\"").body(volatility)),
                new Endpoint("GET", "/api/v1/audit/rules/timeline", auditors, 200, none),
                new Endpoint("GET", "/api/v1/controls/trading-states", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/controls/trading-states/changes", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/controls/trading-states/verify", rulesReaders, 200, none),
                new Endpoint("PUT", "/api/v1/controls/trading-states", rulesWriters, 400,
                        r -> r.contentType(ContentType.JSON).body("{\"scope\": \"GLOBAL\", \"state\": \"HALTED\"}")),
                new Endpoint("POST", "/api/v1/backtests/uploads", rulesWriters, 400,
                        r -> r.contentType("text/csv").body("not,a,candle,file\n")),
                new Endpoint("GET", "/api/v1/changes", rulesReaders, 200, none),
                new Endpoint("GET", "/api/v1/changes/no-such-change", rulesReaders, 404, none),
                new Endpoint("GET", "/api/v1/changes/verify", auditors, 200, none),
                new Endpoint("GET", "/api/v1/changes/settings", rulesReaders, 200, none),
                new Endpoint("POST", "/api/v1/changes", rulesWriters, 400,
                        r -> r.contentType(ContentType.JSON).body("{}")),
                new Endpoint("POST", "/api/v1/changes/no-such-change/approve", rulesWriters, 404,
                        r -> r.contentType(ContentType.JSON).body("{\"comment\": \"ok\"}")),
                new Endpoint("POST", "/api/v1/changes/rollback", rulesWriters, 400,
                        r -> r.contentType(ContentType.JSON).body("{}")),
                new Endpoint("POST", "/api/v1/changes/emergency-rollback", Set.of(ADMIN), 400,
                        r -> r.contentType(ContentType.JSON).body("{}")),
                new Endpoint("GET", "/", OPEN, 200, none),
                new Endpoint("GET", "/console/app.js", OPEN, 200, none),
                new Endpoint("GET", "/q/metrics", ANY_ROLE, 200, none),
                new Endpoint("GET", "/q/openapi", ANY_ROLE, 200, none),
                new Endpoint("GET", "/q/swagger-ui/", ANY_ROLE, 200, none),
                new Endpoint("GET", "/api/v1/no-such-endpoint", ANY_ROLE, 404, none),
                new Endpoint("GET", "/q/health", OPEN, 200, none),
                new Endpoint("GET", "/q/health/ready", OPEN, 200, none),
                new Endpoint("GET", "/q/health/live", OPEN, 200, none));
    }

    static List<Caller> callers() {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("nobody", null, r -> r));
        callers.add(new Caller("wrong password", null, r -> r.header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:not-the-password".getBytes()))));
        callers.add(new Caller("unknown user", null, r -> r.header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("mallory:admin-pass-1234".getBytes()))));
        callers.add(new Caller("expired JWT", null, r -> r.auth().oauth2(Jwt.issuer(Tokens.ISSUER).upn("late")
                .groups(ADMIN).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign())));
        callers.add(new Caller("JWT of another issuer", null, r -> r.auth().oauth2(
                Jwt.issuer("https://evil.example").upn("eve").groups(ADMIN).expiresIn(300).sign())));
        callers.add(new Caller("unsigned JWT", null, r -> r.auth().oauth2(Tokens.unsigned(ADMIN))));
        callers.add(new Caller("unknown scheme", null, r -> r.header("Authorization", "Digest username=admin")));
        for (TestUsers user : TestUsers.values()) {
            String role = switch (user) {
                case TRADER -> TRADER;
                case RISK_MANAGER -> RISK;
                case AUDITOR -> AUDITOR;
                case ADMIN -> ADMIN;
            };
            callers.add(new Caller("Basic " + role, role, r -> r.header("Authorization", user.basic())));
            callers.add(new Caller("JWT " + role, role, r -> r.auth().oauth2(Tokens.signed("jwt-" + role, role))));
        }
        return callers;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() throws Exception {
        recordOneEvaluation();
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : callers()) {
                cells.add(DynamicTest.dynamicTest(endpoint.method() + " " + endpoint.path() + " as " + caller.name(),
                        () -> check(endpoint, caller)));
            }
        }
        assertThat(cells).hasSize(50 * 15);
        return cells.stream();
    }

    private static void check(Endpoint endpoint, Caller caller) {
        Response response = endpoint.call(caller.credentials().apply(given().auth().none()));
        int status = response.statusCode();
        String cell = endpoint.method() + " " + endpoint.path() + " as " + caller.name() + " -> " + status + ": "
                + response.asString();
        boolean open = endpoint.roles() == OPEN;
        // Credentials of a known scheme are checked even on open endpoints; an unknown scheme counts as none.
        boolean wrongCredentials = caller.role() == null && !Set.of("nobody", "unknown scheme").contains(caller.name());
        if (open && !wrongCredentials) {
            assertThat(status).as(cell).isEqualTo(endpoint.allowedStatus());
        } else if (caller.role() == null) {
            assertThat(status).as(cell).isEqualTo(401);
            assertThat(response.contentType()).as(cell).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("type")).as(cell)
                    .isEqualTo("urn:position-policy:problem:unauthorized");
            assertThat(response.headers().getValues("WWW-Authenticate")).as(cell)
                    .anyMatch(c -> c.startsWith("Basic realm=\"position-policy\""))
                    .anyMatch(c -> c.startsWith("Bearer"));
        } else if (endpoint.roles().contains(caller.role()) || open) {
            assertThat(status).as(cell).isEqualTo(endpoint.allowedStatus());
        } else {
            assertThat(status).as(cell).isEqualTo(403);
            assertThat(response.contentType()).as(cell).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("type")).as(cell)
                    .isEqualTo("urn:position-policy:problem:forbidden");
        }
    }
}
