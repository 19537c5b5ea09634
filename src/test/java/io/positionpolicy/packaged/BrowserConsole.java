package io.positionpolicy.packaged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.positionpolicy.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium on the console of a packaged service, with the steps a person takes: sign in, open a
 * file, type, click, wait for what the page shows. Skipped where chromium or chromedriver is missing, unless
 * {@code REQUIRE_BROWSER=1}.
 */
final class BrowserConsole implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    final WebDriver browser;
    final String base;

    private BrowserConsole(WebDriver browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    /** Skips the calling test class (an assumption) when no browser is installed. */
    static void assumeBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("REQUIRE_BROWSER"))) {
            throw new IllegalStateException("REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; "
                    + "install Debian's chromium and chromium-driver");
        }
        assumeTrue(present, "Browser tests skipped: install Debian's chromium and chromium-driver");
    }

    static BrowserConsole open(String base) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu");
        WebDriver browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        return new BrowserConsole(browser, base);
    }

    /** The same browser on another service (another origin, so another session). */
    BrowserConsole at(String otherBase) {
        return new BrowserConsole(browser, otherBase);
    }

    void go(String hash) {
        browser.get(base + "/" + hash);
    }

    /** Signs in from the sign-in page, after signing out whoever was signed in. */
    void signIn(TestUsers user) {
        signIn(user.user, user.password);
    }

    void signIn(String user, String password) {
        if (browser.findElements(By.id("sign-out")).stream().anyMatch(WebElement::isDisplayed)) {
            signOut();
        }
        WebElement name = waitFor(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        waitFor(By.id("who-name"));
    }

    void signOut() {
        click("sign-out");
        waitFor(By.id("username"));
    }

    List<String> visibleNav() {
        return browser.findElements(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
    }

    void openFile(String path) {
        waitFor(By.cssSelector("button.file[data-path='" + path + "']")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("file-title"), path));
    }

    String editorText() {
        return (String) script("return document.getElementById('editor-text').value");
    }

    String editorTextOf(String id) {
        return (String) script("return document.getElementById(arguments[0]).value", id);
    }

    /** Replaces the editor's text as typing would (an input event). */
    void setEditorText(String text) {
        script("const a = document.getElementById('editor-text'); a.value = arguments[0]; "
                + "a.dispatchEvent(new Event('input'));", text);
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    /** Runs code that calls {@code done(result)} when its promises have settled, and returns that result. */
    Object asyncScript(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; " + code, args);
    }

    void click(String id) {
        waitUntil(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    WebElement waitFor(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return waitUntil(condition, Duration.ofSeconds(20));
    }

    /** For a page waiting on the service's longer work (compiling and running every scenario in the sandbox). */
    <T> T waitUntil(Function<? super WebDriver, T> condition, Duration patience) {
        return new WebDriverWait(browser, patience).until(condition);
    }

    void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
