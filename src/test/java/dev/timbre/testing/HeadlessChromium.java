package dev.timbre.testing;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Headless Chromium through the system's chromedriver, for tests that look at a page. Installs nothing: without
 * {@code chromium} and {@code chromedriver} on the PATH (Debian: {@code apt-get install chromium chromium-driver},
 * as {@code .ci/run} does) {@link #start} returns empty and the test skips.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static final String MISSING =
            "chromium and chromedriver are not on the PATH (Debian: apt-get install chromium chromium-driver)";

    public static Optional<WebDriver> start(int width, int height) {
        Optional<Path> chromium = onPath("chromium", "chromium-browser");
        Optional<Path> chromedriver = onPath("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            return Optional.empty();
        }
        // Both paths given, so Selenium Manager never looks for (or downloads) a browser or driver.
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; the pages are our own.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                        "--window-size=" + width + "," + height);
        return Optional.of(new ChromeDriver(driver, options));
    }

    static Optional<Path> onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
