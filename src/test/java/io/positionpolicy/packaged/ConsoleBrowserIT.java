package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.positionpolicy.TestUsers;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, driven by Selenium through Debian's chromedriver) against the
 * packaged service with a scratch copy of the rules: sign in, break a rule and see the error at its line, fix it and
 * see the new version go live, evaluate, find the decision in the audit search and verify the chain, run a backtest on
 * an uploaded CSV to its chart, sign in with a bearer token. Screenshots of every step go to target/console-screenshots/.
 *
 * <p>Skipped, with the reason, where chromium or chromedriver is not installed; with {@code REQUIRE_BROWSER=1} (as CI
 * sets it) it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final String BROKEN_LINE = "    $o : Order( !sized, quantityAsked )";

    private static final String ISSUER = "https://idp.test.example";

    private static PackagedService service;
    private static WebDriver browser;
    private static String base;
    private static Path rules;
    private static String liveVersion;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("REQUIRE_BROWSER"))) {
            throw new IllegalStateException("REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; "
                    + "install Debian's chromium and chromium-driver");
        }
        assumeTrue(present, "Browser tests skipped: install Debian's chromium and chromium-driver ("
                + CHROMIUM + ", " + CHROMEDRIVER + ") to run them");
        Path work = Files.createTempDirectory("console-it");
        rules = PackagedService.copyOfRules(work.resolve("rules"), true);
        service = PackagedService.start(Map.of("policy.rules.dir", rules.toString(),
                "policy.data-dir", work.resolve("data").toString(),
                "policy.backtest.data-dir", work.resolve("candles").toString(),
                "mp.jwt.verify.publickey.location", Path.of("src/test/resources/test-jwt/public.pem").toAbsolutePath()
                        .toString(),
                "mp.jwt.verify.issuer", ISSUER));
        base = "http://localhost:" + service.awaitPort(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);

        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu");
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void signInShowsOnlyThePagesOfTheRoles() throws IOException {
        browser.get(base + "/");
        signIn(TestUsers.RISK_MANAGER.user, "not-the-password");
        assertThat(waitFor(By.id("sign-in-error")).getText()).isNotBlank();
        waitUntil(ExpectedConditions.textToBe(By.id("sign-in-error"), "Wrong user name or password"));
        screenshot("01-sign-in-refused");

        signIn(TestUsers.AUDITOR.user, TestUsers.AUDITOR.password);
        waitFor(By.id("audit-table"));
        assertThat(visibleNav()).containsExactly("Changes", "Audit", "Backtests", "Trading");

        switchTo(TestUsers.RISK_MANAGER);
        waitFor(By.id("file-list"));
        assertThat(visibleNav()).containsExactly("Rules", "Changes", "Backtests", "Trading");
        screenshot("02-rules-signed-in-as-risk-manager");
    }

    @Test
    @Order(2)
    void aBrokenRuleShowsItsErrorAtItsLineAndIsNotSaved() throws IOException {
        openFile("entry/Sizing.drl");
        String text = editorText();
        int line = lineOf(text, BROKEN_LINE);
        setEditorText(text.replace(BROKEN_LINE + "\n", BROKEN_LINE.substring(0, BROKEN_LINE.length() - 1) + "\n"));
        click("validate");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not valid"));
        String problems = browser.findElement(By.id("problems")).getText();
        assertThat(problems).contains("entry/Sizing.drl:" + (line + 1));
        // The editor marks the line (its number in the gutter, the line tinted) and names it on its element.
        assertThat(browser.findElement(By.id("editor-text")).getDomAttribute("data-problem-lines"))
                .isEqualTo(String.valueOf(line + 1));
        screenshot("03-rules-error-at-its-line");

        click("save");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not saved"));
        assertThat(browser.findElement(By.id("problems")).getText()).contains("entry/Sizing.drl:" + (line + 1));
        assertThat(Files.readString(rules.resolve("entry/Sizing.drl"))).contains(BROKEN_LINE);
        screenshot("04-rules-broken-save-refused");
    }

    @Test
    @Order(3)
    void aFixedRuleIsSavedAndGoesLive() throws IOException {
        String before = browser.findElement(By.id("rules-status")).getText();
        String fixed = editorText().replace(BROKEN_LINE.substring(0, BROKEN_LINE.length() - 1) + "\n",
                BROKEN_LINE + "\n").replace("// Rules 3 and 5:", "// Reviewed in the console. Rules 3 and 5:");
        setEditorText(fixed);
        click("impact");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("impact-heading"), "Impact:"));
        screenshot("05-rules-impact");

        click("save");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "is live"));
        assertThat(Files.readString(rules.resolve("entry/Sizing.drl"))).contains("Reviewed in the console");
        String status = browser.findElement(By.id("rules-status")).getText();
        assertThat(status).startsWith("live").isNotEqualTo(before);
        liveVersion = status.replaceAll("(?s).*Active version (\\w+).*", "$1");
        waitFor(By.cssSelector("#rules-history tbody tr"));
        assertThat(browser.findElement(By.cssSelector("#rules-history tbody tr")).getText())
                .contains(liveVersion).contains(TestUsers.RISK_MANAGER.user).contains("save");
        browser.findElement(By.xpath("//*[@id='rules-history']//button[text()='changes']")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("diff"), "Reviewed in the console"));
        screenshot("06-rules-saved-live-with-diff");
    }

    @Test
    @Order(4)
    void theDecisionIsEvaluatedAndFoundInTheAudit() throws IOException {
        switchTo(TestUsers.ADMIN);
        waitFor(By.id("file-list"));
        browser.get(base + "/#/try");
        new Select(waitFor(By.id("template"))).selectByIndex(0);
        click("evaluate");
        waitUntil(ExpectedConditions.textToBe(By.id("verdict"), "APPROVE"));
        assertThat(browser.findElement(By.id("actions")).getText()).contains("OPEN 25 69,500 68,500 5 INITIAL_RISK");
        List<WebElement> fired = browser.findElements(By.cssSelector("#fired-rules li a.rule"));
        assertThat(fired).extracting(WebElement::getText)
                .anyMatch(t -> t.startsWith("Open without a quantity: size it to the initial risk"));
        screenshot("07-try-it-decision");

        browser.get(base + "/#/audit");
        waitFor(By.id("audit-table"));
        browser.findElement(By.id("q-accountId")).sendKeys("acc-1");
        browser.findElement(By.id("q-rule")).sendKeys("Open without a quantity: size it to the initial risk");
        click("search");
        WebElement row = waitFor(By.cssSelector("#audit-table tbody tr"));
        assertThat(row.getText()).contains("acc-1").contains("APPROVE").contains(liveVersion);
        click("verify");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "chain intact"));
        waitFor(By.cssSelector("#firing-chart svg rect"));
        screenshot("08-audit-search-verified");

        row.findElement(By.cssSelector("a.record-link")).click();
        waitFor(By.id("record-request"));
        assertThat(browser.findElement(By.id("record-version")).getText()).contains(liveVersion);
        browser.findElement(By.xpath("//*[@id='record-fired']//a[contains(@class,'rule')]"
                + "[contains(., 'Open without a quantity')]")).click();
        waitFor(By.id("version-full"));
        waitUntil(d -> ((JavascriptExecutor) d).executeScript(
                "const a = document.getElementById('editor-text'); "
                        + "return a.value.substring(a.selectionStart, a.selectionEnd);").toString().startsWith("rule "));
        screenshot("09-audit-rule-text-of-the-version");
    }

    @Test
    @Order(5)
    void aBacktestOnAnUploadedFileRunsToItsChart() throws IOException {
        browser.get(base + "/#/backtests");
        waitFor(By.id("bt-upload")).sendKeys(smallCandleFile().toAbsolutePath().toString());
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-upload-result"), "1,499 candles"));
        click("bt-start");
        waitFor(By.id("bt-progress"));
        WebElement chart = new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> d.findElements(By.cssSelector("#bt-chart[src^='blob:']")).stream().findFirst().orElse(null));
        waitUntil(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", chart));
        assertThat(browser.findElement(By.id("bt-status")).getText()).startsWith("DONE");
        String metrics = browser.findElement(By.id("bt-metrics")).getText();
        assertThat(metrics).contains("Total return").contains("Max drawdown").contains("Trades");
        assertThat(browser.findElements(By.cssSelector("#bt-trades-policy tbody tr"))).isNotEmpty();
        screenshot("10-backtest-chart-metrics-trades");
    }

    @Test
    @Order(6)
    void anUnsavedEditIsBacktestedBeforeItIsSaved() throws IOException {
        browser.get(base + "/#/rules");
        openFile("parameters/Parameters.drl");
        String parameters = editorText();
        assertThat(parameters).contains(".initialRiskPct(0.005)");
        setEditorText(parameters.replaceFirst("\\.initialRiskPct\\(0\\.005\\)", ".initialRiskPct(0.004)"));
        click("backtest-edit");
        Select ruleset = new Select(waitFor(By.id("bt-ruleset")));
        assertThat(ruleset.getFirstSelectedOption().getText()).contains("your edit").contains("parameters/Parameters.drl");
        waitFor(By.id("bt-upload")).sendKeys(smallCandleFile().toAbsolutePath().toString());
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-upload-result"), "1,499 candles"));
        click("bt-start");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-status"), "DONE"));
        assertThat(waitFor(By.id("bt-candidate")).getText()).endsWith("(a candidate, never live)")
                .doesNotContain(liveVersion);
        assertThat(Files.readString(rules.resolve("parameters/Parameters.drl"))).contains(".initialRiskPct(0.005)");
        screenshot("11-backtest-of-an-unsaved-edit");
    }

    @Test
    @Order(7)
    void aTokenFromTheIdentityProviderSignsIn() throws IOException {
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("username"));
        System.setProperty("smallrye.jwt.sign.key.location", "test-jwt/private.pem");
        String token = Jwt.issuer(ISSUER).upn("carol").groups(Set.of("auditor")).expiresIn(300).sign();
        browser.findElement(By.cssSelector("details summary")).click();
        waitFor(By.id("token")).sendKeys("not a token");
        click("token-sign-in");
        waitUntil(ExpectedConditions.textToBe(By.id("sign-in-error"), "The token was not accepted"));
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        click("token-sign-in");
        waitFor(By.id("audit-table"));
        assertThat(visibleNav()).containsExactly("Changes", "Audit", "Backtests", "Trading");
        assertThat(browser.findElement(By.id("who-name")).getText()).isEqualTo("carol (auditor)");
        screenshot("12-signed-in-with-a-token");
    }

    @Test
    @Order(8)
    void aTraderTriesARequestAndReadsTheRulesThatFired() throws IOException {
        switchTo(TestUsers.TRADER);
        waitFor(By.id("template"));
        assertThat(visibleNav()).containsExactly("Try it");
        new Select(browser.findElement(By.id("template"))).selectByIndex(1);
        click("evaluate");
        waitUntil(ExpectedConditions.textToBe(By.id("verdict"), "APPROVE"));
        assertThat(browser.findElement(By.id("actions")).getText()).contains("ADD 28");
        browser.findElement(By.cssSelector("#fired-rules li a.rule")).click();
        waitFor(By.id("version-full"));
        screenshot("13-trader-reads-a-fired-rule");
    }

    /** The first 1,499 hourly BTC candles of the shipped data, as a file to upload. */
    private static Path smallCandleFile() throws IOException {
        Path csv = Files.createTempFile("candles", ".csv");
        try (Stream<String> lines = Files.lines(Path.of("src/test/resources/fixtures/btcusdt_1h_first_1500.csv"))) {
            Files.write(csv, lines.limit(1_500).toList(), StandardCharsets.UTF_8);
        }
        return csv;
    }

    private static void switchTo(TestUsers user) {
        browser.findElement(By.id("sign-out")).click();
        signIn(user.user, user.password);
    }

    private static void signIn(String user, String password) {
        WebElement name = waitFor(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    private static List<String> visibleNav() {
        return browser.findElements(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
    }

    private static void openFile(String path) {
        waitFor(By.cssSelector("button.file[data-path='" + path + "']")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("file-title"), path));
    }

    private static String editorText() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById('editor-text').value");
    }

    /** Replaces the editor's text as typing would (an input event), faster than sending every key. */
    private static void setEditorText(String text) {
        ((JavascriptExecutor) browser).executeScript("const a = document.getElementById('editor-text'); a.value = "
                + "arguments[0]; a.dispatchEvent(new Event('input'));", text);
    }

    private static int lineOf(String text, String line) {
        List<String> lines = text.lines().toList();
        int index = lines.indexOf(line);
        assertThat(index).as("line %s in the editor", line).isNotNegative();
        return index + 1;
    }

    private static void click(String id) {
        waitUntil(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private static WebElement waitFor(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static <T> T waitUntil(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
