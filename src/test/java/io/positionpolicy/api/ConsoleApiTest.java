package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.positionpolicy.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the console needs from the API beyond the rest: who is signed in, the rules directory with hashes, saving a file
 * (refused without If-Match, when stale or when broken, nothing written), rule firings over time, candle uploads, and
 * the pages themselves.
 * A save that goes live is ConsoleBrowserIT's subject (it runs on a scratch copy of the rules).
 */
@QuarkusTest
class ConsoleApiTest {
    private static final Path SIZING = Path.of("rules/entry/Sizing.drl");
    private static final String SIZING_PATH = "/api/v1/rulesets/files/entry/Sizing.drl";

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void theCallerIsNamedWithItsRoles() {
        given().get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("admin")).body("roles", equalTo(List.of("admin")));
        given().auth().none().header("Authorization", TestUsers.RISK_MANAGER.basic()).get("/api/v1/me").then()
                .statusCode(200).body("name", equalTo("risk")).body("roles", equalTo(List.of("risk-manager")));
    }

    @Test
    void theDirectoryIsListedWithEveryFilesHash() throws Exception {
        JsonPath dir = given().get("/api/v1/rulesets/files").then().statusCode(200).extract().jsonPath();
        assertThat(dir.getBoolean("live")).isTrue();
        assertThat(dir.getString("version")).isEqualTo(dir.getString("activeVersion")).startsWith("sha256:");
        List<Map<String, String>> files = dir.getList("files");
        assertThat(files).extracting(f -> f.get("path"))
                .contains("entry/Sizing.drl", "parameters/Parameters.drl", "tests/worked-example.yaml");
        Map<String, String> sizing = files.stream().filter(f -> f.get("path").equals("entry/Sizing.drl")).findFirst()
                .orElseThrow();
        assertThat(sizing.get("kind")).isEqualTo("rules");
        assertThat(sizing.get("text")).isEqualTo(Files.readString(SIZING));
        assertThat(sizing.get("sha256")).isEqualTo(sha256(Files.readString(SIZING)));
    }

    @Test
    void aStaleSaveIsRefusedAndNothingIsWritten() throws Exception {
        String before = Files.readString(SIZING);
        given().contentType(ContentType.TEXT).header("If-Match", "\"" + sha256("an older text") + "\"")
                .body(before + "\n// changed\n").put(SIZING_PATH).then().statusCode(412)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:position-policy:problem:edit-conflict"))
                .body("detail", containsString("entry/Sizing.drl changed since it was read"));
        assertThat(Files.readString(SIZING)).isEqualTo(before);
    }

    @Test
    void aSaveWithoutIfMatchIsRefusedAndNothingIsWritten() throws Exception {
        String before = Files.readString(SIZING);
        given().contentType(ContentType.TEXT).body(before + "\n// changed\n").put(SIZING_PATH).then().statusCode(428)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:position-policy:problem:precondition-required"))
                .body("title", equalTo("Precondition Required"))
                .body("status", equalTo(428))
                .body("detail", containsString("entry/Sizing.drl"))
                .body("detail", containsString("nothing was written"))
                .body("errors[0].field", equalTo("If-Match"))
                .body("errors[0].reason", containsString("GET /api/v1/rulesets/files"));
        assertThat(Files.readString(SIZING)).isEqualTo(before);
    }

    @Test
    void ifMatchStarStandsForWhateverTheFileHoldsButNotForNoFile() throws Exception {
        String before = Files.readString(SIZING);
        String broken = before.replace("stopUsable )\nthen", "stopUsable \nthen");
        // the precondition holds (the file exists), so the edit is checked: this one does not compile
        given().contentType(ContentType.TEXT).header("If-Match", "*").body(broken).put(SIZING_PATH).then()
                .statusCode(422).body("type", equalTo("urn:position-policy:problem:rules-invalid"));
        given().contentType(ContentType.TEXT).header("If-Match", "*").body("package entry;\n")
                .put("/api/v1/rulesets/files/entry/NoSuchFile.drl").then().statusCode(412)
                .body("type", equalTo("urn:position-policy:problem:edit-conflict"));
        assertThat(Path.of("rules/entry/NoSuchFile.drl")).doesNotExist();
        assertThat(Files.readString(SIZING)).isEqualTo(before);
    }

    @Test
    void aBrokenSaveIsRefusedWithItsLineAndNothingIsWritten() throws Exception {
        String before = Files.readString(SIZING);
        String broken = before.replace("quantityAsked )\nthen", "quantityAsked \nthen"); // the first rule's "then"
        assertThat(broken).isNotEqualTo(before);
        JsonPath saved = given().contentType(ContentType.TEXT).header("If-Match", "\"" + sha256(before) + "\"")
                .body(broken).put(SIZING_PATH).then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:position-policy:problem:rules-invalid"))
                .body("status", equalTo(422))
                .body("errors[0].field", equalTo("entry/Sizing.drl:" + lineOf(before, "then")))
                .body("errors[0].reason", startsWith("compile: "))
                .extract().jsonPath();
        int problems = saved.getList("report.problems").size();
        assertThat(saved.getString("detail")).isEqualTo("The edit of entry/Sizing.drl does not compile: " + problems
                + (problems == 1 ? " error" : " errors") + "; nothing was written");
        assertThat(saved.getList("errors")).hasSize(problems);
        assertThat(saved.getString("path")).isEqualTo("entry/Sizing.drl");
        assertThat(saved.getBoolean("written")).isFalse();
        assertThat(saved.getString("sha256")).isEqualTo(sha256(before));
        assertThat(saved.getString("report.outcome")).isEqualTo("refused");
        assertThat(saved.getString("report.trigger")).isEqualTo("save");
        assertThat(saved.getString("report.file")).isEqualTo("entry/Sizing.drl");
        assertThat(saved.getString("report.problems[0].file")).isEqualTo("entry/Sizing.drl");
        assertThat(saved.getInt("report.problems[0].line")).isEqualTo(lineOf(before, "then") );
        assertThat(Files.readString(SIZING)).isEqualTo(before);
        // Issue 19, item 4: the auditor reads an attempted save (who, which file, why refused), not a validation.
        JsonPath operations = given().auth().none().header("Authorization", TestUsers.AUDITOR.basic())
                .get("/api/v1/rulesets/operations?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(operations.getString("[0].trigger")).isEqualTo("save");
        assertThat(operations.getString("[0].outcome")).isEqualTo("refused");
        assertThat(operations.getString("[0].principal")).isEqualTo("admin");
        assertThat(operations.getString("[0].file")).isEqualTo("entry/Sizing.drl");
        assertThat(operations.getList("[0].problems", String.class))
                .anyMatch(p -> p.startsWith("entry/Sizing.drl:" + lineOf(before, "then")));
        String active = given().get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        assertThat(given().get("/api/v1/rulesets/files").then().extract().<String>path("version")).isEqualTo(active);
    }

    @Test
    void onlyRuleAndScenarioFilesInsideTheDirectoryCanBeSaved() {
        given().contentType(ContentType.TEXT).body("x").put("/api/v1/rulesets/files/notes.txt").then().statusCode(400)
                .body("errors[0].field", equalTo("$.files['notes.txt']"))
                .body("errors[0].reason", containsString(".drl file or a tests/*.yaml"));
        given().contentType(ContentType.TEXT).body("x").put("/api/v1/rulesets/files/entry/.Hidden.drl").then()
                .statusCode(400).body("errors[0].reason", containsString("hidden"));
        given().contentType(ContentType.TEXT).body("x").put("/api/v1/rulesets/files/tests/more/x.yaml").then()
                .statusCode(400).body("errors[0].reason", containsString("directly in tests/"));
        given().urlEncodingEnabled(false).contentType(ContentType.TEXT).body("x")
                .put("/api/v1/rulesets/files/..%2F..%2Fpom.drl").then()
                .statusCode(400).body("errors[0].reason", containsString("inside the rules directory"));
    }

    @Test
    void ruleFiringsAreCountedPerBucket() throws Exception {
        byte[] step1 = Files.readAllBytes(Path.of("examples/worked-example-step1.json"));
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(step1).post("/api/v1/evaluations").then().statusCode(200);
        }
        JsonPath timeline = given().queryParam("buckets", 12).get("/api/v1/audit/rules/timeline").then()
                .statusCode(200).extract().jsonPath();
        assertThat(timeline.getList("buckets")).hasSize(12);
        assertThat(timeline.getLong("bucketSeconds")).isEqualTo(7_200);
        List<Map<String, Object>> rules = timeline.getList("rules");
        Map<String, Object> sizing = rules.stream()
                .filter(r -> r.get("name").equals("Open without a quantity: size it to the initial risk"))
                .findFirst().orElseThrow();
        List<?> counts = (List<?>) sizing.get("counts");
        assertThat(((Number) counts.get(11)).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(((Number) sizing.get("total")).longValue()).isEqualTo(
                counts.stream().mapToLong(c -> ((Number) c).longValue()).sum());

        given().queryParam("buckets", 0).get("/api/v1/audit/rules/timeline").then().statusCode(400)
                .body("errors[0].field", equalTo("buckets"));
        given().queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/v1/audit/rules/timeline").then().statusCode(400).body("errors[0].field", equalTo("from"));
    }

    @Test
    void anUploadedCandleFileIsCheckedAndCanBeBacktested() throws Exception {
        List<String> lines;
        try (var all = Files.lines(Path.of("src/test/resources/fixtures/btcusdt_1h_first_1500.csv"))) {
            lines = all.limit(301).toList();
        }
        String csv = String.join("\n", lines) + "\n";
        String file = given().contentType("text/csv").header("X-File-Name", "btc-300.csv").body(csv)
                .post("/api/v1/backtests/uploads").then().statusCode(201)
                .body("candles", equalTo(300)).body("from", equalTo("2018-02-09T16:00:00Z"))
                .extract().path("file");
        // Issue 19, item 8: the upload keeps its own name, and a job says which rule set it runs.
        assertThat(file).matches("uploads/[0-9a-f]{16}/btc-300\\.csv");
        given().get("/api/v1/backtests/files").then().body("$", hasItem(file));
        String active = given().get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        given().contentType(ContentType.JSON).body(Map.of("file", file)).post("/api/v1/backtests").then()
                .statusCode(202).body("source", equalTo(file))
                .body("ruleSet.kind", equalTo("active")).body("ruleSet.version", equalTo(active));
        given().contentType(ContentType.JSON).body(Map.of("file", file, "rulesetVersion", active))
                .post("/api/v1/backtests").then().statusCode(202).body("ruleSet.kind", equalTo("archived"));
        given().get("/api/v1/backtests").then().statusCode(200)
                .body("find { it.source == '" + file + "' }.ruleSet.kind", equalTo("active"));
        given().contentType("text/csv").header("X-File-Name", "..%2F..%2Fetc%2Fpasswd.gz").body(csv)
                .post("/api/v1/backtests/uploads").then().statusCode(201)
                .body("file", org.hamcrest.Matchers.matchesPattern("uploads/[0-9a-f]{16}/_.._etc_passwd\\.csv"));

        String bad = String.join("\n", lines.subList(0, 5)) + "\n2018-02-09 21:00:00,1,2,3,x,5\n";
        given().contentType("text/csv").header("X-File-Name", "b%C3%A4d.csv").body(bad)
                .post("/api/v1/backtests/uploads").then().statusCode(400)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].reason", equalTo("bäd.csv:6: close 'x' is not a number"));
        given().contentType("text/plain").body(csv).post("/api/v1/backtests/uploads").then().statusCode(415);
    }

    @Test
    void theConsoleIsServedWithoutSignInAndLoadsOnlyItsOwnCode() {
        given().auth().none().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("/console/app.js"));
        given().auth().none().get("/console/app.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        given().auth().none().get("/console/../api/v1/me").then().statusCode(401);
    }

    @Test
    void theConsolesCallsGetAChallengeTheBrowserDoesNotAnswerWithADialog() {
        assertThat(given().auth().none().header("X-Requested-With", "console").get("/api/v1/me").then()
                .statusCode(401).extract().headers().getValues("WWW-Authenticate"))
                .anyMatch(c -> c.startsWith("Console realm=\"position-policy\""))
                .noneMatch(c -> c.startsWith("Basic"));
        assertThat(given().auth().none().get("/api/v1/me").then()
                .statusCode(401).extract().headers().getValues("WWW-Authenticate"))
                .anyMatch(c -> c.startsWith("Basic realm=\"position-policy\""));
    }

    private static int lineOf(String text, String line) {
        return text.lines().toList().indexOf(line) + 1;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
