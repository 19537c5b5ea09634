package io.positionpolicy.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.TestUsers;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 19: what a new user tripped over in the console, each checked in a real browser against the packaged service
 * (a scratch copy of the rules, an empty candle directory): the menu before sign-in, refused saves in the history,
 * stale problem badges and Revert, the audit search, numbers and units in Try it, errors shown once and where they
 * are fixed, uploads by their own name, which rule set a backtest ran, and the way to Swagger UI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleFirstUseIT {
    private static final String BROKEN_LINE = "    $o : Order( !sized, quantityAsked )";
    private static final String SIZING = "entry/Sizing.drl";
    private static final By SIZING_BADGE = By.cssSelector("button.file[data-path='" + SIZING + "'] .badge.bad");

    private static ConsoleSession session;
    private static PackagedService service;
    private static BrowserConsole console;
    private static Path rules;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        session = ConsoleSession.start("console-first-use");
        service = session.service;
        console = session.console;
        rules = session.rules;
        port = session.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    /** Items 3 and 9. */
    @Test
    @Order(1)
    void theMenuShowsOnlyWhenSignedInAndTheConsoleSaysHowToReachSwaggerUi() throws Exception {
        console.go("");
        console.waitFor(By.id("username"));
        assertThat(console.browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(console.visibleNav()).isEmpty();
        WebElement hint = console.waitFor(By.id("api-hint"));
        assertThat(hint.getText()).contains("/q/swagger-ui").contains("asks for the same user");
        console.screenshot("first-use-01-sign-in-without-menu");

        console.signIn(TestUsers.ADMIN);
        assertThat(console.visibleNav()).containsExactly("Rules", "Changes", "Try it", "Audit", "Backtests", "Trading");
        WebElement docs = console.waitFor(By.id("api-docs"));
        assertThat(docs.getAttribute("href")).endsWith("/q/swagger-ui");
        assertThat(docs.getAttribute("title")).contains("sign in once more").contains("basicAuth");

        console.signOut();
        assertThat(console.browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(console.visibleNav()).isEmpty();
    }

    /** Items 4 and 5. */
    @Test
    @Order(2)
    void aRefusedSaveIsInTheHistoryAndStaleProblemsGoWithTheirText() throws Exception {
        console.signIn(TestUsers.RISK_MANAGER);
        console.openFile(SIZING);
        String onDisk = Files.readString(rules.resolve(SIZING));
        String broken = onDisk.replace(BROKEN_LINE + "\n", BROKEN_LINE.substring(0, BROKEN_LINE.length() - 1) + "\n");
        assertThat(broken).isNotEqualTo(onDisk);
        console.setEditorText(broken);
        console.click("validate");
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not valid"));
        console.waitFor(SIZING_BADGE);

        console.setEditorText(broken + "// another edit\n"); // a different text: the problems found were of the last one
        console.waitUntil(ExpectedConditions.invisibilityOfElementLocated(SIZING_BADGE));
        assertThat(console.browser.findElement(By.id("editor-text")).getDomAttribute("data-problem-lines")).isEmpty();

        console.click("save");
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not saved"));
        console.waitFor(SIZING_BADGE);
        WebElement refused = console.waitFor(By.cssSelector("#rules-history tr.refused"));
        assertThat(refused.getText()).contains("save of " + SIZING + " refused").contains(TestUsers.RISK_MANAGER.user)
                .contains("problem(s)");
        console.screenshot("first-use-02-refused-save-in-history");

        console.click("revert");
        Alert ask = console.waitUntil(ExpectedConditions.alertIsPresent());
        assertThat(ask.getText()).contains("Discard your edits to " + SIZING);
        ask.dismiss();
        assertThat(console.editorText()).contains("// another edit");
        console.click("revert");
        console.waitUntil(ExpectedConditions.alertIsPresent()).accept();
        console.waitUntil(d -> console.editorText().equals(onDisk));
        assertThat(console.browser.findElements(SIZING_BADGE)).isEmpty();
        assertThat(console.browser.findElements(By.cssSelector("#file-list .dirty"))).isEmpty();
        assertThat(Files.readString(rules.resolve(SIZING))).isEqualTo(onDisk);
        console.signOut();
    }

    /** Item 6. */
    @Test
    @Order(3)
    void theAuditSearchFindsByPartOfARuleNameInAnyCaseAndTakesUtcTimesAsText() throws Exception {
        given().port(port).header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(Files.readString(Path.of("examples/worked-example-step1.json")))
                .when().post("/api/v1/evaluations").then().statusCode(200);
        console.signIn(TestUsers.AUDITOR);
        console.waitFor(By.id("audit-table"));
        assertThat(new Select(console.browser.findElement(By.id("q-verdict"))).getOptions())
                .extracting(o -> o.getAttribute("value")).containsExactly("", "APPROVE", "ADJUST", "REJECT", "ACT", "HOLD");
        WebElement from = console.browser.findElement(By.id("q-from"));
        assertThat(from.getAttribute("type")).isEqualTo("text");
        assertThat(from.getAttribute("placeholder")).isEqualTo("YYYY-MM-DD HH:MM:SS");
        console.browser.findElement(By.id("q-symbol")).sendKeys("btcusdt");
        console.browser.findElement(By.id("q-rule")).sendKeys("size it");
        from.sendKeys("2020-01-01 00:00");
        console.click("search");
        console.waitUntil(d -> d.getCurrentUrl().contains("from=2020-01-01T00%3A00%3A00.000Z"));
        WebElement row = console.waitFor(By.cssSelector("#audit-table tbody tr"));
        assertThat(row.getText()).contains("BTCUSDT").contains("APPROVE");
        console.screenshot("first-use-03-audit-search");
        console.signOut();
    }

    /** Item 7. */
    @Test
    @Order(4)
    void tryItRoundsNumbersLabelsUnitsAndShowsAnErrorOnce() throws Exception {
        console.signIn(TestUsers.TRADER);
        new Select(console.waitFor(By.id("template"))).selectByIndex(1); // ADD, worked example step 3b
        console.click("evaluate");
        console.waitUntil(ExpectedConditions.textToBe(By.id("verdict"), "APPROVE"));
        String average = metric("averageEntryPriceAfter");
        assertThat(average).matches("\\d{1,3}(,\\d{3})*(\\.\\d{1,2})?").doesNotContain("70,189.55223881");
        assertThat(unit("openRiskPctAfter")).isEqualTo("% of equity");
        assertThat(unit("riskBudget")).isEqualTo("USDT");
        console.screenshot("first-use-04-try-it-rounded-with-units");

        String json = console.editorTextOf("request-json").replace("\"equity\": 5000", "\"equity\": \"five thousand\"")
                .replace("\"price\": 70800", "\"price\": \"70800\"");
        console.script("const a = document.getElementById('request-json'); a.value = arguments[0]; "
                + "a.dispatchEvent(new Event('input'));", json);
        console.click("evaluate");
        console.waitUntil(ExpectedConditions.textToBe(By.id("verdict"), "Invalid request"));
        List<WebElement> errors = console.browser.findElements(By.cssSelector("#request-errors li"));
        assertThat(errors).extracting(WebElement::getText).containsExactlyInAnyOrder(
                "$.account.equity must be a number", "$.intent.price must be a number");
        String shown = console.browser.findElement(By.id("decision")).getText();
        assertThat(occurrences(shown, "$.account.equity")).isEqualTo(1);
        console.screenshot("first-use-05-try-it-error-once");
        console.signOut();
    }

    /** Item 8. */
    @Test
    @Order(5)
    void anUploadKeepsItsNameErrorsShowOnceAtTheUploadBoxAndJobsSayWhichRuleSetRan() throws Exception {
        console.signIn(TestUsers.RISK_MANAGER);
        console.go("#/backtests");
        console.waitFor(By.id("bt-upload"));
        console.click("bt-start"); // no candle file in the data directory, none uploaded yet
        WebElement fileError = console.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("bt-file-error")));
        console.waitUntil(d -> !fileError.getText().isBlank());
        assertThat(fileError.getText()).startsWith("Candle file: is required").doesNotContain("/api/");
        assertThat(console.browser.findElement(By.id("bt-error")).getText()).isEmpty();
        assertThat(occurrences(console.browser.findElement(By.id("bt-form")).getText(), "is required")).isEqualTo(1);
        console.screenshot("first-use-06-backtest-file-error-at-the-upload-box");

        Path named = Files.createTempDirectory("upload").resolve("btc-first-1500.csv");
        try (Stream<String> lines = Files.lines(Path.of("src/test/resources/fixtures/btcusdt_1h_first_1500.csv"))) {
            Files.write(named, lines.limit(1_500).toList(), StandardCharsets.UTF_8);
        }
        console.browser.findElement(By.id("bt-upload")).sendKeys(named.toAbsolutePath().toString());
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-upload-result"),
                "btc-first-1500.csv: 1,499 candles"));
        assertThat(fileError.getText()).isEmpty();
        assertThat(new Select(console.browser.findElement(By.id("bt-file"))).getFirstSelectedOption().getText())
                .isEqualTo("btc-first-1500.csv (uploaded)");
        console.click("bt-start");
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-status"), "DONE"));
        assertThat(console.browser.findElement(By.id("bt-status")).getText()).contains("btc-first-1500.csv (uploaded)");
        String jobId = console.browser.getCurrentUrl().replaceAll(".*#/backtests/", "");

        console.go("#/backtests");
        WebElement job = console.waitFor(By.cssSelector("#bt-jobs tbody tr"));
        String active = given().port(port).header("Authorization", TestUsers.RISK_MANAGER.basic())
                .get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        assertThat(job.getText()).contains("btc-first-1500.csv (uploaded)")
                .contains("active version " + active.substring("sha256:".length(), "sha256:".length() + 12));
        console.screenshot("first-use-07-recent-backtests-name-and-rule-set");

        String svg = given().port(port).header("Authorization", TestUsers.RISK_MANAGER.basic())
                .get("/api/v1/backtests/" + jobId + "/equity.svg").then().statusCode(200).extract().asString();
        Matcher tick = Pattern.compile("class=\"y-tick\"[^>]*>([\\d,.\\-]+)<").matcher(svg);
        List<Double> ticks = tick.results().map(m -> Double.parseDouble(m.group(1).replace(",", ""))).toList();
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        double step = ticks.get(1) - ticks.get(0);
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertThat(Math.round(mantissa * 1000) / 1000.0).as("tick step %s in %s", step, ticks).isIn(1.0, 2.0, 5.0);
        ticks.forEach(t -> assertThat(Math.abs(t / step - Math.round(t / step))).as("tick %s", t).isLessThan(1e-6));
    }

    private static String metric(String key) {
        return console.browser.findElement(By.cssSelector("#metrics tr[data-metric='" + key + "'] td.num")).getText();
    }

    private static String unit(String key) {
        return console.browser.findElement(By.cssSelector("#metrics tr[data-metric='" + key + "'] td.unit")).getText();
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
