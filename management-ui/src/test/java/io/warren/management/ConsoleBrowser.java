package io.warren.management;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver by Selenium, for the web console's
 * test. The binaries are the ones the {@code chromium} and {@code chromium-driver} packages install
 * ({@code -Dwarren.chromium=...} and {@code -Dwarren.chromedriver=...} point elsewhere); nothing is
 * downloaded, and the test fails, naming the packages, when they are missing.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Numbers screenshots across the test run, so the folder reads in the order they were taken. */
    private static final AtomicInteger SHOTS = new AtomicInteger();

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path profile;

    private ConsoleBrowser(ChromeDriver driver, Path screenshots, Path profile) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    static ConsoleBrowser start(Path screenshots) throws IOException {
        File chromium = executable("warren.chromium", "/usr/bin/chromium");
        File chromedriver = executable("warren.chromedriver", "/usr/bin/chromedriver");
        Path profile = Files.createTempDirectory("warren-console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Root in a container needs --no-sandbox; the networking switches keep Chromium from
        // calling Google's services, which a closed network refuses noisily.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,1000", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        Files.createDirectories(screenshots);
        if (SHOTS.get() == 0) {
            // A previous run's pictures would mix with this run's.
            try (var old = Files.newDirectoryStream(screenshots, "*.png")) {
                for (Path png : old) {
                    Files.delete(png);
                }
            }
        }
        return new ConsoleBrowser(new ChromeDriver(service, options), screenshots, profile);
    }

    private static File executable(String property, String standardPath) {
        File file = new File(System.getProperty(property, standardPath));
        if (!file.canExecute()) {
            fail("WebConsoleIT needs headless Chromium and its WebDriver: " + file + " is missing. Install Debian's "
                    + "packages with `apt-get install -y chromium chromium-driver` (.ci/run installs them), "
                    + "or point -D" + property + "= at another binary.");
        }
        return file;
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Waits until {@code condition} holds, polling every 250 ms, for at most {@code timeout}. */
    void waitUntil(String what, Duration timeout, Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout).withMessage(what).pollingEvery(Duration.ofMillis(250))
                .until(d -> condition.get());
    }

    void type(By by, String text) {
        WebElement input = waitFor(by);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks {@code by}, locating it again if the page redrew it (lists refresh every few seconds). */
    void click(By by) {
        new WebDriverWait(driver, WAIT).withMessage("clickable " + by)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
                    if (element == null) {
                        return false;
                    }
                    element.click();
                    return true;
                });
    }

    /** The text of the first element matching CSS {@code selector}, read in one script so a redraw cannot stale it. */
    String text(String selector) {
        return (String) script("const e = document.querySelector(arguments[0]); return e && e.textContent;", selector);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * The points of every dataset of the Chart.js chart drawn on canvas {@code canvasId}, by
     * dataset label: read from the chart object itself, so the test sees the data the page plots.
     */
    @SuppressWarnings("unchecked")
    Map<String, List<Number>> chartData(String canvasId) {
        return (Map<String, List<Number>>) script("""
                const chart = window.Chart && Chart.getChart(arguments[0]);
                if (!chart) return {};
                const data = {};
                for (const set of chart.data.datasets) data[set.label] = set.data.map(p => p.y);
                return data;""", canvasId);
    }

    /** Scrolls {@code by} into view and saves a PNG of the window as NN-name.png. */
    Path screenshot(String name, By by) throws IOException {
        script("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(by));
        return screenshot(name);
    }

    /** Saves a PNG of the window as NN-name.png. */
    Path screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path file = screenshots.resolve(String.format("%02d-%s.png", SHOTS.incrementAndGet(), name));
        Files.write(file, png);
        return file;
    }

    /** What the page logged at SEVERE since the last call: script errors, CSP violations, failed loads. */
    List<String> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is not worth failing the test for.
        }
    }
}
