package dev.timbre.serve;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.timbre.testing.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real browser: headless Chromium, driven through Selenium by the system's chromedriver, picks a
 * real WAV file, and the test reads what the page shows. It installs nothing; without {@code chromium} and
 * {@code chromedriver} on the PATH (Debian: {@code apt-get install chromium chromium-driver}, as {@code .ci/run}
 * does) it is skipped. The recognizer is the test double on the production decoder, so the page is tested, not a model.
 */
class RecognitionPageBrowserTest {
    private static final Path CLIP = Path.of(System.getProperty("timbre.shared", "../shared"))
            .resolve("irmas-sample/IRMAS-TrainingData/pia/piano-05.wav");

    @TempDir static Path uploads;
    @TempDir static Path files;
    private static RecognitionServer server;
    private static WebDriver browser;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        Optional<WebDriver> chrome = HeadlessChromium.start(1200, 900);
        if (chrome.isEmpty()) return;
        server = new RecognitionServer(WavTestRecognizer.anyFormat(), ServeLimits.defaults(), uploads,
                new InetSocketAddress("127.0.0.1", 0));
        server.start();
        browser = chrome.get();
    }

    // Assumed per test, not in @BeforeAll, so that the report counts each test as skipped rather than none run.
    @BeforeEach
    void requireBrowser() {
        assumeTrue(browser != null, HeadlessChromium.MISSING);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void pickingARealWavShowsTheInstrumentsAndDrawsTheTimeline() throws Exception {
        assertThat(CLIP).as("IRMAS sample missing: " + CLIP).exists();
        String state = pick(CLIP);
        assertThat(state).as("page state; error line: " + text("error")).isEqualTo("done");

        List<WebElement> instruments = browser.findElements(By.cssSelector("#instruments li"));
        assertThat(instruments).hasSize(1);
        assertThat(instruments.get(0).getDomAttribute("data-code")).isEqualTo("pia");
        // The calibrated score (the double's peak), then the rule's own statistic in small print.
        assertThat(instruments.get(0).getText()).startsWith("piano (pia) — 0.").endsWith("(test 1.00)");
        assertThat(text("status")).startsWith("piano-05.wav: 3.0 s").endsWith("model wav-test-double");
        assertThat(text("error")).isEmpty();
        // Two score lines, the grid and the labels: a blank canvas has no opaque pixel at all.
        Number painted = (Number) ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById('timeline');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertThat(painted.longValue()).isGreaterThan(1000);
        try (var left = Files.list(uploads)) { assertThat(left).isEmpty(); }
    }

    @Test
    void aFileThatIsNoAudioShowsTheServersErrorByItsOwnName() throws Exception {
        Path notes = Files.writeString(files.resolve("notes.txt"), "shopping list: strings, reeds, rosin\n".repeat(50));
        assertThat(pick(notes)).isEqualTo("failed");
        assertThat(text("error")).startsWith("notes.txt: ").endsWith("(415)").doesNotContain("upload-");
        assertThat(browser.findElements(By.cssSelector("#instruments li"))).isEmpty();
    }

    /**
     * Loads the page, picks the file in its file input (chromedriver wants a canonical path) and returns the
     * page's state once the answer is shown.
     */
    private static String pick(Path file) throws IOException {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        browser.findElement(By.id("file")).sendKeys(file.toRealPath().toString());
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> {
            String state = b.findElement(By.tagName("body")).getDomAttribute("data-state");
            return state.equals("done") || state.equals("failed") ? state : null;
        });
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
