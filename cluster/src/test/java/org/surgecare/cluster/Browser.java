package org.surgecare.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's chromium and chromium-driver) with its own fresh profile, so each instance is a
 * separate browser session. Waits are explicit; screenshots go to target/screenshots at desktop and phone sizes.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Dimension DESKTOP = new Dimension(1280, 900);
  public static final Dimension PHONE = new Dimension(390, 844);
  private static final Map<String, Dimension> SIZES = Map.of("desktop", DESKTOP, "phone", PHONE);
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  public static final Duration WAIT = Duration.ofSeconds(20);

  // Selenium warns on every start that it has no DevTools bindings for this Chromium version; the tests use
  // WebDriver and chromedriver's own command endpoint only. Held here so the setting is not collected.
  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  static {
    SELENIUM_LOG.setLevel(Level.SEVERE);
  }

  /** Fails, never skips: a machine without the browser cannot vouch for the pages. */
  public static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + ": apt-get install chromium chromium-driver (.ci/run does)");
    }
  }

  private final String baseUrl;
  private final Path profile;
  final ChromeDriver driver;

  public Browser(String baseUrl) throws IOException {
    this.baseUrl = baseUrl;
    this.profile = Files.createTempDirectory("surgecare-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking flags Chromium's own connections to the outside are refused here and
    // slow everything down; a fresh profile keeps sessions apart.
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    this.driver = new ChromeDriver(service, options);
  }

  public void open(String path) {
    driver.get(baseUrl + path);
  }

  public <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  public WebElement visible(By by) {
    return await(ExpectedConditions.visibilityOfElementLocated(by));
  }

  public WebElement visible(String id) {
    return visible(By.id(id));
  }

  /** Waits until the element shows the text (anywhere in its text) and returns it. */
  public WebElement showing(By by, String text) {
    await(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by);
  }

  public void click(By by) {
    await(ExpectedConditions.elementToBeClickable(by)).click();
  }

  public void type(By by, String text) {
    WebElement input = visible(by);
    input.clear();
    input.sendKeys(text);
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves the page as it is now at desktop and phone sizes: target/screenshots/{name}-desktop.png, -phone.png. */
  public void screenshots(String name) throws IOException {
    screenshots(name, null);
  }

  /** As {@link #screenshots(String)}, scrolled so that the element is in view (from the top when null). */
  public void screenshots(String name, By inView) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    for (Map.Entry<String, Dimension> size : SIZES.entrySet()) {
      // The exact viewport (a window's size would include what the browser draws around the page).
      int width = size.getValue().width;
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
          "width", width, "height", size.getValue().height, "deviceScaleFactor", 1, "mobile", size.getValue().equals(PHONE)));
      await(d -> ((Number) script("return window.innerWidth")).intValue() == width);
      if (inView == null) {
        script("window.scrollTo(0, 0)");
      } else {
        script("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(inView));
      }
      Files.write(SCREENSHOTS.resolve(name + "-" + size.getKey() + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      TestNodes.delete(profile);
    }
  }
}
