package io.positionpolicy.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.positionpolicy.TestUsers;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 18 in a real browser against the packaged service (a scratch copy of the rules): the Trading page read-only
 * for an auditor; a risk manager sets an account's state with a reason, pulls HALT ALL (reason and typed
 * confirmation), sees the next order refused and resumes, with every change in the verified log; the decision table
 * opens as a grid, a broken cell is marked at its row and column, and a fixed cell and a new row are saved and go live.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradingConsoleBrowserIT {
    private static final String TABLE = "controls/InstrumentLimits.drl.csv";
    /** The BTCUSDT row of the shipped table and its "Max leverage" column (row 10, column D: 125). */
    private static final By BTC_MAX_LEVERAGE = By.cssSelector("#table-grid input[data-row='10'][data-column='D']");

    private static ConsoleSession session;
    private static PackagedService service;
    private static BrowserConsole console;
    private static Path rules;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        session = ConsoleSession.start("trading-console");
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

    @Test
    @Order(1)
    void anAuditorSeesTheStatesAndTheVerifiedLogButCannotChangeThem() throws Exception {
        console.go("");
        console.signIn(TestUsers.AUDITOR);
        console.go("#/trading");
        console.waitFor(By.id("chain-ok"));
        assertThat(console.waitFor(By.id("global-state")).getText()).isEqualTo("ACTIVE");
        assertThat(console.waitFor(By.id("read-only")).getText()).contains("Read-only");
        assertThat(console.browser.findElements(By.id("halt-all"))).isEmpty();
        assertThat(console.browser.findElements(By.id("state-form"))).isEmpty();
        console.screenshot("trading-01-auditor-read-only");

        // The user moves on while the page asked for first is still loading its code (the change sets' page loads the
        // editor, trading.js is loaded already): what stays on screen is the page asked for last.
        console.script("addEventListener('hashchange', () => { location.hash = '#/trading'; }, { once: true }); "
                + "location.hash = '#/changes';");
        console.asyncScript("import('/console/changes.js').then(() => setTimeout(done));");
        console.waitFor(By.id("chain-ok"));
        assertThat(console.browser.findElements(By.cssSelector("#main section.trading"))).hasSize(1);
    }

    @Test
    @Order(2)
    void aRiskManagerSetsAnAccountsStateWithAReasonAndClearsIt() throws Exception {
        console.signIn(TestUsers.RISK_MANAGER);
        console.go("#/trading");
        console.waitFor(By.id("state-form"));

        // A request sent under an earlier sign-in whose 401 arrives after the user signed in again does not sign out
        // the user signed in now.
        Object status = console.asyncScript("""
                const key = 'position-policy.session';
                const now = sessionStorage.getItem(key);
                const earlier = JSON.parse(now);
                earlier.authorization = 'Basic ' + btoa('nobody:not-a-password');
                sessionStorage.setItem(key, JSON.stringify(earlier));
                import('/console/core.js').then((core) => {
                  const answer = core.api.get('/api/v1/me').then(() => 200, (e) => e.status);
                  sessionStorage.setItem(key, now);
                  return answer;
                }).then(done);""");
        assertThat(status).isEqualTo(401L);
        assertThat(console.browser.findElements(By.id("sign-in"))).isEmpty();
        assertThat(console.browser.findElement(By.id("state-form")).isDisplayed()).isTrue();
        new Select(console.browser.findElement(By.id("state-scope"))).selectByValue("ACCOUNT");
        console.waitFor(By.id("state-account")).sendKeys("acc-ui");
        new Select(console.browser.findElement(By.id("state-value"))).selectByValue("REDUCING");
        console.click("state-apply"); // no reason: the browser keeps the form until one is given
        assertThat(console.browser.findElements(By.cssSelector("tr[data-scope='ACCOUNT'][data-account='acc-ui']")))
                .isEmpty();
        console.browser.findElement(By.id("state-reason")).sendKeys("drawdown review");
        console.click("state-apply");

        By row = By.cssSelector("#states-in-force tr[data-scope='ACCOUNT'][data-account='acc-ui']");
        assertThat(console.waitFor(row).getText()).contains("REDUCING").contains("drawdown review").contains("risk");
        WebElement logged = console.waitFor(By.cssSelector("#changes tbody tr"));
        assertThat(logged.getText()).contains("account acc-ui").contains("ACTIVE → REDUCING").contains("drawdown review")
                .contains("risk");
        console.screenshot("trading-02-account-reducing");

        console.browser.findElement(row).findElement(By.cssSelector("button.clear-state")).click();
        assertThat(new Select(console.browser.findElement(By.id("state-value"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("ACTIVE");
        console.browser.findElement(By.id("state-reason")).sendKeys("review done");
        console.click("state-apply");
        console.waitUntil(ExpectedConditions.invisibilityOfElementLocated(row));
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#changes tbody tr"),
                "REDUCING → ACTIVE"));
        console.waitFor(By.id("chain-ok"));
    }

    @Test
    @Order(3)
    void haltAllAsksForAReasonAndConfirmationThenRefusesTheNextOrderUntilResumed() throws Exception {
        console.go("#/trading");
        console.click("halt-all");
        console.waitFor(By.id("halt-dialog"));
        WebElement confirm = console.browser.findElement(By.id("halt-confirm"));
        console.browser.findElement(By.id("halt-reason")).sendKeys("exchange incident");
        assertThat(confirm.isEnabled()).as("a reason alone does not arm the switch").isFalse();
        console.browser.findElement(By.id("halt-typed")).sendKeys("HALT");
        console.waitUntil(ExpectedConditions.elementToBeClickable(confirm));
        console.screenshot("trading-03-halt-all-confirmation");
        confirm.click();
        console.waitUntil(ExpectedConditions.textToBe(By.id("global-state"), "HALTED"));
        assertThat(console.browser.findElement(By.id("kill-switch")).getText()).contains("exchange incident");
        console.screenshot("trading-04-halted");

        String order = Files.readString(Path.of("examples/worked-example-step1.json"));
        given().port(port).header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(order).post("/api/v1/evaluations")
                .then().statusCode(200).body("verdict", equalTo("REJECT"), "violations.code", hasItem("TRADING_HALTED"));

        console.click("resume-all");
        console.browser.findElement(By.id("state-reason")).sendKeys("incident over");
        console.click("state-apply");
        console.waitUntil(ExpectedConditions.textToBe(By.id("global-state"), "ACTIVE"));
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#changes tbody tr"),
                "HALTED → ACTIVE"));
        console.waitFor(By.id("chain-ok"));
        given().port(port).header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(order).post("/api/v1/evaluations")
                .then().statusCode(200).body("violations.code", not(hasItem("TRADING_HALTED")));
    }

    @Test
    @Order(4)
    void theDecisionTableIsAGridWhoseBrokenCellIsMarkedAndWhoseEditsGoLive() throws Exception {
        String original = Files.readString(rules.resolve(TABLE));
        console.go("#/rules");
        console.openFile(TABLE);
        WebElement maxLeverage = console.waitFor(BTC_MAX_LEVERAGE);
        assertThat(maxLeverage.getAttribute("value")).isEqualTo("125");

        type(maxLeverage, "12x5");
        console.click("validate");
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not valid"));
        By marked = By.cssSelector("#table-grid tr[data-row='10'] td.err[data-column='D']");
        assertThat(console.waitFor(marked).getAttribute("title")).contains("row 10, column D (Max leverage)");
        console.screenshot("trading-05-grid-broken-cell");

        type(console.browser.findElement(BTC_MAX_LEVERAGE), "125");
        console.waitUntil(ExpectedConditions.invisibilityOfElementLocated(marked));
        console.browser.findElement(By.cssSelector("#table-grid tr[data-row='10'] button.row-tool.add")).click();
        String[] doge = {"Instrument limits for DOGEUSDT", "DOGEUSDT", "yes", "20", "0.02"};
        for (int c = 0; c < doge.length; c++) {
            type(console.waitFor(By.cssSelector("#table-grid input[data-row='11'][data-column='" + (char) ('A' + c)
                    + "']")), doge[c]);
        }
        console.click("save");
        console.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "is live"));
        console.screenshot("trading-06-grid-saved");

        // The added row sits below BTCUSDT; every other line keeps its text (quotes included), the fixed cell too.
        String added = "Instrument limits for DOGEUSDT,DOGEUSDT,yes,20,0.02,,,,,,\n";
        String btc = original.lines().filter(l -> l.startsWith("Instrument limits for BTCUSDT,")).findFirst()
                .orElseThrow() + "\n";
        assertThat(Files.readString(rules.resolve(TABLE))).isEqualTo(original.replace(btc, btc + added));
    }

    /** Replaces a cell's value as a person does: select all, type. */
    private static void type(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }
}
