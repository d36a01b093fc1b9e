package org.silkgate.console.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium: the browser the consoles' tests use. Where Chromium or its driver
 * is not installed the test is skipped saying so; CI installs both (.ci/run).
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Only stops a broken build from hanging: pages answer in milliseconds. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test class unless Chromium and chromedriver are installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver; the browser tests are skipped");
    }

    /** A browser window of this size; the dev PKI's TLS root is not in Chromium's store, so its certificates pass. */
    public static HeadlessChromium start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
        // the Java clients of the tests do check the dev PKI's TLS root; the browser is only the operator's eyes
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebElement waitFor(By what) {
        return new WebDriverWait(driver, BOUND).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    /** Fills and sends a console's sign-in form (fields {@code name}, {@code password}, button {@code signin}). */
    public void signInWith(String name, String password) {
        waitFor(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signin")).click();
    }

    /** How many pixels the page is wider than the window: 0 when nothing scrolls sideways. */
    public long sidewaysOverflow() {
        Object overflow = driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        return ((Number) overflow).longValue();
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Writes the page as the README's picture, into the source tree's docs folder (tests run in a module's folder). */
    public void screenshot(String name) throws IOException {
        Path docs = Path.of(System.getProperty("user.dir"))
                .toAbsolutePath()
                .getParent()
                .resolve("docs");
        if (!Files.isDirectory(docs)) return;
        Files.write(docs.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
