package io.positionpolicy.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.TestUsers;
import io.positionpolicy.security.Passwords;
import io.positionpolicy.security.UsersFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 16 in a real browser against the packaged service: a risk manager lowers the initial risk from 0.5 % to
 * 0.4 %, sees the worked example's scenarios decide differently (old and new numbers), accepts the new expectations,
 * runs the impact and proposes; she cannot approve her own change; a second risk manager approves it with a comment;
 * Try it opens 20 contracts; the history names both; an admin's emergency rollback brings back 25. With no approvals
 * required, the same change goes live in one step from the Rules page.
 */
class ChangesBrowserIT {
    private static final String SECOND_RISK_MANAGER = "risk-b";
    private static final String SECOND_PASSWORD = "risk-b-pass-1234";
    private static final String PARAMETERS = "parameters/Parameters.drl";
    /**
     * How long a page may wait on a step the service validates or activates: compiling and running every scenario in
     * the sandbox worker can take well over the usual 20 s on a busy build machine.
     */
    private static final Duration VALIDATING = Duration.ofSeconds(120);

    private static BrowserConsole console;

    @BeforeAll
    static void open() throws Exception {
        BrowserConsole.assumeBrowser();
        console = BrowserConsole.open("about:blank");
    }

    @AfterAll
    static void close() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void fourEyesFromTheRulesEditorToTheLiveRuleAndAnEmergencyRollback() throws Exception {
        try (PackagedService service = start(1)) {
            BrowserConsole at = saveLowerInitialRisk(service, "Save as a change set");

            // The draft validated: the worked example's scenarios, each with the old and the new numbers.
            WebElement step1 = at.waitUntil(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//tr[contains(@class,'scenario-difference')][contains(., 'Step 1')]")), VALIDATING);
            assertThat(step1.findElement(By.cssSelector("td.expected")).getText()).contains("quantity 25");
            assertThat(step1.findElement(By.cssSelector("td.decided")).getText()).contains("quantity 20");
            assertThat(step1.getText()).contains("expected 25, got 20.0");
            at.screenshot("changes-01-scenario-differences");
            String id = at.browser.getCurrentUrl().replaceAll(".*#/changes/", "");

            at.click("accept-results");
            WebElement yaml = at.waitUntil(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#change-diff details[data-path='tests/worked-example.yaml']")), VALIDATING);
            assertThat(yaml.getText()).contains("quantity: 20");
            at.click("validate");
            at.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Valid"),
                    VALIDATING);
            at.click("impact");
            at.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("impact-heading"), "Impact:"),
                    VALIDATING);
            at.waitFor(By.id("change-comment")).sendKeys("worked example expectations follow");
            at.click("propose");
            at.waitUntil(ExpectedConditions.textToBe(By.id("change-state"), "PROPOSED"), VALIDATING);
            at.screenshot("changes-02-proposed");

            // Four eyes: no Approve for the author, and the service refuses her approval anyway.
            assertThat(at.browser.findElements(By.id("approve"))).isEmpty();
            assertThat(at.browser.findElement(By.id("approval-hint")).getText()).contains("another risk manager");
            assertThat(post(at.base + "/api/v1/changes/" + id + "/approve", TestUsers.RISK_MANAGER.user,
                    TestUsers.RISK_MANAGER.password).statusCode()).isEqualTo(403);

            at.signIn(SECOND_RISK_MANAGER, SECOND_PASSWORD);
            at.go("#/changes");
            new Select(at.waitFor(By.id("filter-state"))).selectByValue("PROPOSED");
            at.click("filter");
            at.waitFor(By.cssSelector("#changes-table a.change-link")).click();
            at.waitUntil(ExpectedConditions.textToBe(By.id("change-state"), "PROPOSED"));
            at.waitFor(By.id("change-comment")).sendKeys("checked the impact: entries 20 % smaller");
            at.click("approve");
            at.waitUntil(ExpectedConditions.textToBe(By.id("change-state"), "ACTIVE"), VALIDATING);
            WebElement proposed = at.waitFor(By.cssSelector("#change-events tr[data-action='propose']"));
            assertThat(proposed.getText()).contains(TestUsers.RISK_MANAGER.user).contains("worked example expectations follow");
            WebElement approved = at.browser.findElement(By.cssSelector("#change-events tr[data-action='approve']"));
            assertThat(approved.getText()).contains(SECOND_RISK_MANAGER).contains("checked the impact");
            at.screenshot("changes-03-approved-and-live");

            at.signIn(TestUsers.ADMIN.user, TestUsers.ADMIN.password);
            assertThat(stepOneQuantity(at)).isEqualTo("20");

            at.go("#/changes");
            at.waitFor(By.id("emergency-reason")).sendKeys("entries too small for the desk");
            at.click("emergency-rollback");
            at.waitUntil(ExpectedConditions.alertIsPresent()).accept();
            at.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("emergency-flag")), VALIDATING);
            at.waitUntil(ExpectedConditions.textToBe(By.id("change-state"), "ACTIVE"), VALIDATING);
            assertThat(at.browser.findElement(By.cssSelector("#change-events tr[data-action='emergency-activate']"))
                    .getText()).contains(TestUsers.ADMIN.user).contains("entries too small for the desk");
            at.screenshot("changes-04-emergency-rollback");
            assertThat(stepOneQuantity(at)).isEqualTo("25");
            at.signOut();
        }
    }

    @Test
    void withNoApprovalsTheParameterAndItsExpectationsGoLiveInOneStep() throws Exception {
        try (PackagedService service = start(0)) {
            BrowserConsole at = saveLowerInitialRisk(service, "Save");
            at.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "Not saved"),
                    VALIDATING);
            assertThat(at.browser.findElement(By.id("problems")).getText()).contains("expected 25, got 20.0");

            at.click("accept-and-save");
            at.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("result-heading"), "is live"),
                    VALIDATING);
            assertThat(at.browser.findElement(By.id("result-heading")).getText()).contains("tests/worked-example.yaml");
            assertThat(at.editorText()).contains(".initialRiskPct(0.004)");
            at.screenshot("changes-05-direct-change-live");

            at.signIn(TestUsers.ADMIN.user, TestUsers.ADMIN.password);
            assertThat(stepOneQuantity(at)).isEqualTo("20");
            at.signOut();
        }
    }

    /** The quantity Try it opens for the worked example's step 1. */
    private static String stepOneQuantity(BrowserConsole at) {
        at.go("#/try");
        new Select(at.waitFor(By.id("template"))).selectByIndex(0);
        at.click("evaluate");
        at.waitUntil(ExpectedConditions.textToBe(By.id("verdict"), "APPROVE"));
        String actions = at.browser.findElement(By.id("actions")).getText();
        return actions.replaceAll("(?s).*OPEN (\\d+) .*", "$1");
    }

    /** A risk manager saves Parameters.drl with the lower risk on {@code service}; its button reads {@code saveLabel}. */
    private static BrowserConsole saveLowerInitialRisk(PackagedService service, String saveLabel) throws Exception {
        BrowserConsole at = console.at("http://localhost:" + service.awaitPort(Duration.ofSeconds(60)));
        at.go("");
        at.signIn(TestUsers.RISK_MANAGER.user, TestUsers.RISK_MANAGER.password);
        at.go("#/rules");
        at.openFile(PARAMETERS);
        assertThat(at.waitFor(By.id("save")).getText()).isEqualTo(saveLabel);
        at.setEditorText(lowerInitialRisk(at.editorText()));
        at.click("save");
        return at;
    }

    private static String lowerInitialRisk(String parameters) {
        assertThat(parameters).contains(".initialRiskPct(0.005)");
        return parameters.replace(".initialRiskPct(0.005)", ".initialRiskPct(0.004)");
    }

    /** A packaged service on a scratch copy of the rules, with a second risk manager and the approvals asked for. */
    private static PackagedService start(int requiredApprovals) throws Exception {
        Path work = Files.createTempDirectory("changes-it");
        Path rules = PackagedService.copyOfRules(work.resolve("rules"), true);
        Path users = work.resolve("users");
        Files.copy(Path.of(TestUsers.FILE), users);
        UsersFile.put(users, new UsersFile.User(SECOND_RISK_MANAGER, Passwords.hash(SECOND_PASSWORD),
                Set.of("risk-manager")));
        return PackagedService.start(Map.of("policy.rules.dir", rules.toString(),
                "policy.data-dir", work.resolve("data").toString(),
                "policy.security.users-file", users.toString(),
                "policy.governance.required-approvals", Integer.toString(requiredApprovals)));
    }

    private static HttpResponse<String> post(String url, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
