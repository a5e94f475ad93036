package io.faas.examples.admin;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: both from the system, so
 * nothing is downloaded at run time (Selenium Manager is never asked). Other paths can be given
 * with {@code -Dfaas.chromium=} and {@code -Dfaas.chromedriver=}. When they are missing the test
 * fails saying what to install; it never skips.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("faas.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("faas.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;
    private String base;
    private int[] emulated;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        return start(CHROMIUM, CHROMEDRIVER);
    }

    static Browser start(Path chromium, Path chromedriver) {
        for (Path p : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("the browser tests need Chromium and its driver, but " + p
                        + " is missing: install them with 'apt-get install -y chromium chromium-driver'"
                        + " (or point -Dfaas.chromium / -Dfaas.chromedriver at them)");
            }
        }
        try {
            Path profile = Files.createTempDirectory("faas-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            Files.createDirectories(SCREENSHOTS);
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Browser base(int port) {
        this.base = "http://localhost:" + port;
        return this;
    }

    String base() {
        return base;
    }

    /** Signs in on the sign-in page by pasting the token, as a person would, and waits for the UI. */
    void signIn(String token) {
        driver.get(base + "/signin.html");
        until(d -> d.findElement(By.id("signin-token")).isDisplayed());
        find("#signin-token").sendKeys(token);
        find("#signin-submit").click();
        until(d -> d.getCurrentUrl().contains("#/functions"));
        waitReady();
    }

    /** Opens a page of the UI ({@code "#/topics"}) and waits until it has rendered. */
    void open(String hash) {
        driver.get(base + "/" + hash);
        waitReady();
    }

    /** Moves to another page of the already loaded UI, without a reload. */
    void go(String hash) {
        // not ready until the new page says so: hashchange runs after this script returns
        js("document.getElementById('main').removeAttribute('data-ready'); location.hash = arguments[0]", hash);
        waitReady();
    }

    void waitReady() {
        until(d -> "true".equals(d.findElement(By.id("main")).getDomAttribute("data-ready")));
    }

    <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for an element of the selector that is displayed and whose text contains {@code text}. */
    WebElement waitText(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    WebElement waitVisible(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement active() {
        return driver.switchTo().activeElement();
    }

    /** A 1280 x 900 window, no emulation. */
    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        emulated = null;
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * A phone-sized viewport. Chromium's windows are at least 500 pixels wide, so narrower ones
     * are emulated, as DevTools' device mode does.
     */
    void emulateWidth(int width, int height) {
        emulated = new int[] {width, height};
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /** Saves the page as {@code target/screenshots/NAME.png}, the full page height when it is taller. */
    Path screenshot(String name) {
        Number height = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
        int full = Math.min(height == null ? 0 : height.intValue(), 4000);
        Dimension before = driver.manage().window().getSize();
        int[] was = emulated;
        if (emulated != null && full > emulated[1]) {
            emulateWidth(emulated[0], full);
        } else if (emulated == null && full > before.getHeight()) {
            driver.manage().window().setSize(new Dimension(before.getWidth(), full + 100));
        }
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (was != null) {
                emulateWidth(was[0], was[1]);
            } else {
                driver.manage().window().setSize(before);
            }
        }
    }

    /** Console errors since the last call, less the failed requests the UI expects (the 4xx it shows). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.matches("(?s).*Failed to load resource: the server responded with a status of 4\\d\\d.*"))
                .toList();
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }
}
