package io.apigenmt.topology.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through its chromedriver: Debian's {@code chromium} and
 * {@code chromium-driver} packages, which {@code .ci/run} installs. Missing browsers fail the
 * test (they are part of the build), they do not skip it.
 */
final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of(System.getProperty("apigen.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("apigen.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start() throws IOException {
        for (Path p : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the viewer's browser test needs Debian's chromium and "
                        + "chromium-driver (.ci/run installs them: apt-get install -y chromium chromium-driver)");
            }
        }
        Path profile = Files.createTempDirectory("apigen-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // Without the background-networking flags Chromium phones home, which this closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The whole page, not just the window: the window grows to the page's height first. */
    Path screenshot(Path file) throws IOException {
        Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(12_000, height.intValue() + 40)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(before);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            io.apigenmt.topology.platform.Dirs.deleteRecursively(profile);
        }
    }
}
