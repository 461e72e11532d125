package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.InvalidElementStateException;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) driven by Selenium against a node journaling to Cassandra, with the embedded
 * venue simulator and making started on its five synthetic instruments. An operator logs in with a
 * token, sees every instrument making, sorts and filters them, opens one (its depth with our orders
 * marked, its charts, its last quote decision), stops and starts it from the page, finds its
 * history after a reload, pulls the kill switch with confirmation and clears it; a viewer's token
 * may look but not act. The page writes nothing to the console but the refusals the test provokes.
 */
class DashboardIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String ONE = "BINANCE:SYNS001USDT";
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private static NodeProcess node;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    // Needs Debian's chromium and chromium-driver (bin/test installs them); -Dmm.browser-tests=off
    // skips it.
    Assumptions.assumeFalse(
        "off".equals(System.getProperty("mm.browser-tests")), "browser tests switched off");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(System.getProperty("mm.chromedriver", "/usr/bin/chromedriver"))),
        "chromium-driver is not installed");
    var ports = NodeProcess.Ports.free();
    node =
        NodeProcess.startWith(
            "dashboard",
            ports,
            List.of(ports),
            String.join(
                "\n",
                "market-maker.cassandra.contact-point = \"" + TestCassandra.contactPoint() + "\"",
                NodeProcess.keyspaces("dashboard"),
                "market-maker.simulator.embedded = on",
                "market-maker.simulator.data-dir = \"" + SharedData.dir().toAbsolutePath() + "\"",
                "market-maker.simulator.spot-port = 0",
                "market-maker.simulator.usdm-port = 0",
                "market-maker.simulator.kraken-port = 0",
                "market-maker.simulator.coinbase-port = 0",
                "market-maker.feeds.venues = [BINANCE, BINANCE_USDM]",
                "market-maker.portfolio.enabled = on"));
    JsonNode active =
        Eventually.poll(
            WAIT,
            Duration.ofSeconds(1),
            () -> {
              if (!node.isAlive()) {
                fail("the node exited; see " + TestCassandra.itDir().resolve("dashboard.log"));
              }
              return get("/maker/active", NodeProcess.ADMIN_TOKEN);
            },
            a -> a != null && a.path("count").asInt() == 5);
    assertEquals(5, active.path("count").asInt(), "the five synthetic instruments make");
    browser = chrome();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.stop();
    }
  }

  private static WebDriver chrome() {
    ChromeOptions options = new ChromeOptions();
    String binary = System.getProperty("mm.chromium", "/usr/bin/chromium");
    if (Files.isExecutable(Path.of(binary))) {
      options.setBinary(binary);
    }
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("mm.chromedriver", "/usr/bin/chromedriver")))
            .build();
    return new ChromeDriver(service, options);
  }

  // ---------------------------------------------------------------- the API, for what the page did

  private static JsonNode get(String path, String token) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(node.api() + path))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String issueToken(String name, String role) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(node.api() + "/auth/tokens"))
                .header("Authorization", NodeProcess.BEARER)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("token").asText();
  }

  // ---------------------------------------------------------------- the page

  private static WebDriverWait waiting() {
    // The live pages redraw their rows and controls as events arrive: an element found a moment
    // ago may be gone, or not yet interactable while it is drawn again; the condition is then
    // tried again (a wait that runs out still fails, with the last of these as its cause).
    return (WebDriverWait)
        new WebDriverWait(browser, WAIT, Duration.ofMillis(250))
            .ignoring(StaleElementReferenceException.class)
            .ignoring(InvalidElementStateException.class);
  }

  private static void login(String token) {
    browser.get(node.api() + "/");
    waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.id("login-button")).click();
  }

  /** Clicks the element {@code css} finds, found again if the page redrew it meanwhile. */
  private static void click(String css) {
    waiting()
        .until(
            d -> {
              d.findElement(By.cssSelector(css)).click();
              return true;
            });
  }

  private static String text(String css) {
    List<WebElement> found = browser.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.get(0).getText().trim();
  }

  private static int count(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  /** The browser's console since the last call, without the refusals {@code allowed} names. */
  private static List<String> console(String... allowed) {
    List<String> out = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() < Level.WARNING.intValue()) {
        continue;
      }
      boolean expected = false;
      for (String a : allowed) {
        expected |= e.getMessage().contains(a);
      }
      if (!expected) {
        out.add(e.getLevel() + " " + e.getMessage());
      }
    }
    return out;
  }

  /** Keeps a screenshot of the page under target/screenshots for review. */
  private static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name + ".png"), png);
  }

  @Test
  void theLiveNodeAnswersEveryDocumentedOperationAsItsOpenApiDocumentSays() {
    OpenApiProbe.Report report = OpenApiProbe.check(node.api(), NodeProcess.ADMIN_TOKEN);
    System.out.printf(
        "openapi: %d operations checked against the live node, skipped: %s%n",
        report.checked(), report.skipped());
    assertEquals(List.of(), report.problems());
    assertTrue(report.checked() >= 30, "checked " + report.checked());
  }

  @Test
  void anOperatorRunsTheMakerFromTheDashboard() throws Exception {
    try {
      operatorSession();
    } catch (Throwable t) {
      // Evidence for a failure: the page as it was, its text and the browser's console.
      screenshot("failure");
      System.out.println("dashboard failure at " + browser.getCurrentUrl());
      Object page =
          ((JavascriptExecutor) browser)
              .executeScript(
                  "const p=document.getElementById('page');"
                      + "return p ? JSON.stringify(Object.assign({}, p.dataset)) + ' '"
                      + " + p.innerText.slice(0, 2000) : document.body.innerText.slice(0, 2000);");
      System.out.println("dashboard page: " + page);
      System.out.println("dashboard console: " + console());
      throw t;
    }
  }

  private void operatorSession() throws Exception {
    // A made-up token is refused on the login form.
    login("mm_notATokenAnyoneWasGiven00000000000000000000");
    waiting().until(d -> !text("#login-error").isEmpty());
    assertTrue(browser.findElement(By.id("login")).isDisplayed());
    console("status of 401");

    // The overview: every instrument making, totals, this node hosting them all.
    login(NodeProcess.ADMIN_TOKEN);
    waiting().until(d -> count("#instruments tr[data-instrument]") == 5);
    waiting().until(d -> text("#total-making .v").equals("5"));
    // Every row says making once each instrument quotes: one whose quotes are still pulled (its
    // book syncing, say, in the node's first seconds) shows "pulled" until then.
    waiting().until(d -> count("#instruments tr[data-state='making']") == 5);
    waiting().until(d -> text("#who").startsWith("admin"));
    assertEquals(1, count("#nodes tr"), "one node, hosting the five");
    assertTrue(text("#nodes tr").endsWith("5"), text("#nodes tr"));
    waiting().until(d -> count("#feeds tr[data-feed]") >= 2);

    // Filter and sort.
    browser.findElement(By.id("filter")).sendKeys("synf");
    waiting().until(d -> count("#instruments tr[data-instrument]") == 2);
    ((JavascriptExecutor) browser)
        .executeScript(
            "const f=document.getElementById('filter');f.value='';"
                + "f.dispatchEvent(new Event('input'));");
    waiting().until(d -> count("#instruments tr[data-instrument]") == 5);
    click("th[data-key='instrument']");
    waiting()
        .until(
            d ->
                browser
                    .findElement(By.cssSelector("#instruments tr[data-instrument]"))
                    .getAttribute("data-instrument")
                    .equals("BINANCE_USDM:SYNF002USDT"));
    assertEquals(List.of(), console(), "the overview logs nothing");
    screenshot("overview");

    // One instrument: depth with our orders marked, charts, the last decision, orders.
    click("#instruments tr[data-instrument='" + ONE + "']");
    waiting().until(d -> count("#ladder tr") >= 5);
    waiting().until(d -> count("#ladder td.ours") >= 1);
    waiting().until(d -> count("#orders tr") >= 2);
    waiting().until(d -> count("#decision-steps tbody tr") >= 1);
    // The live book moves: the ladder is redrawn as the simulated market trades.
    String ladder = text("#ladder");
    waiting().until(d -> !text("#ladder").equals(ladder));
    // Measured, not asserted: the page's load and the book's ask-to-drawn time (BENCHMARKS.md).
    Object load =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const n=performance.getEntriesByType('navigation')[0];"
                    + "return n ? Math.round(n.loadEventEnd - n.startTime) : -1;");
    System.out.println(
        "dashboard: page load "
            + load
            + " ms; book asked to drawn "
            + browser.findElement(By.id("page")).getAttribute("data-book-draw-millis")
            + " ms (the ladder is asked every 1 s)");
    screenshot("instrument");
    for (String chart : List.of("price-chart", "inventory-chart", "pnl-chart", "depth-chart")) {
      assertEquals(
          1,
          count("#" + chart + " canvas"),
          chart + " is drawn by the chart library from the node");
    }
    // The ladder's marked prices are among our working orders' prices, as drawn together.
    @SuppressWarnings("unchecked")
    List<List<String>> drawn =
        (List<List<String>>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const t=s=>[...document.querySelectorAll(s)].map(e=>e.textContent.trim());"
                        + "return [t('#ladder td.ours'), t('#orders tr td:nth-child(4)')];");
    assertFalse(drawn.get(0).isEmpty(), "our orders are marked on the ladder");
    for (String price : drawn.get(0)) {
      assertTrue(
          drawn.get(1).stream().anyMatch(p -> Double.parseDouble(p) == Double.parseDouble(price)),
          price + " is marked ours; working orders at " + drawn.get(1));
    }
    // Both sides, though not at every instant: a side is briefly missing between a fill and its
    // replacement, or while inventory sits at its limit.
    JsonNode[] orders = {null};
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250))
          .until(
              d -> {
                orders[0] = get("/orders/" + ONE, NodeProcess.ADMIN_TOKEN);
                if (orders[0] == null) {
                  return false;
                }
                java.util.Set<String> sides = new java.util.HashSet<>();
                orders[0].path("working").forEach(o -> sides.add(o.path("side").asText()));
                return sides.containsAll(List.of("BUY", "SELL"));
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      fail("the entity never quoted both sides within 60 s; last: " + orders[0]);
    }

    // Stop and start from the page: the entity says so.
    waiting().until(d -> d.findElement(By.id("stop")).isEnabled());
    click("#stop");
    waiting()
        .until(
            d -> !get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN).path("making").asBoolean());
    assertEquals(
        "admin",
        get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN).path("lastChangedBy").asText(),
        "journaled under the token's name");
    waiting().until(d -> d.findElement(By.id("start")).isEnabled());
    click("#start");
    waiting()
        .until(
            d ->
                text("#toast").contains("refused")
                    || get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN)
                        .path("making")
                        .asBoolean());
    assertTrue(
        get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN).path("making").asBoolean(),
        "started from the page: " + text("#toast"));

    // Risk limits from the page: the loss limit lowered. The controls are drawn again when the
    // instrument's live state flips, which can undo typing: type and send until the node has it.
    waiting()
        .until(
            d -> {
              WebElement maxLoss = d.findElement(By.id("limit-maxLoss"));
              if (!d.findElement(By.id("set-limits")).isEnabled()
                  || !maxLoss.isDisplayed()
                  || !maxLoss.isEnabled()) {
                return false;
              }
              maxLoss.clear();
              maxLoss.sendKeys("750");
              d.findElement(By.id("set-limits")).click();
              return get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN)
                      .path("strategy")
                      .path("maxLoss")
                      .asDouble()
                  == 750.0;
            });
    assertEquals(
        "admin",
        get("/maker/status/" + ONE, NodeProcess.ADMIN_TOKEN).path("lastChangedBy").asText(),
        "limits set from the page: " + text("#toast"));

    // History survives a reload: the node kept the series.
    waiting().until(d -> count("#orders tr") >= 2);
    browser.navigate().refresh();
    waiting()
        .until(
            d -> {
              String points = d.findElement(By.id("page")).getAttribute("data-history-points");
              return points != null && Integer.parseInt(points) >= 10;
            });
    // What precedes the node's first sample (the instrument made before the dashboard was opened)
    // is rebuilt from the instrument's journal in Cassandra.
    JsonNode withJournal = get("/dashboard/instrument/" + ONE, NodeProcess.ADMIN_TOKEN);
    assertTrue(
        withJournal.path("journalPoints").asInt() >= 1,
        "older points from the journal: " + withJournal.path("journalPoints"));
    // While the instrument restarts its book is not live yet: the node answers 409 for it.
    assertEquals(
        List.of(),
        console("?depth=15 - Failed to load resource: the server responded with a status of 409"),
        "the instrument page logs nothing else");

    // Risk: the kill switch, confirmed, halts everything; clear lifts it.
    browser.get(node.api() + "/#/risk");
    waiting().until(d -> d.findElement(By.id("kill")).isEnabled());
    browser.findElement(By.id("kill-reason")).sendKeys("dashboard drill");
    click("#kill");
    waiting().until(d -> d.findElement(By.id("kill-confirm")).isDisplayed());
    assertEquals(0, get("/maker/risk/alerts", NodeProcess.ADMIN_TOKEN).path("halted").asInt());
    click("#kill-yes");
    waiting()
        .until(d -> get("/maker/risk/alerts", NodeProcess.ADMIN_TOKEN).path("halted").asInt() == 5);
    waiting().until(d -> count("#alerts tr.halted") == 5);
    screenshot("risk-halted");
    browser.get(node.api() + "/#/");
    waiting().until(d -> count("#instruments tr[data-state='halted']") == 5);
    browser.get(node.api() + "/#/risk");
    waiting().until(d -> d.findElement(By.id("clear-all")).isEnabled());
    click("#clear-all");
    waiting()
        .until(d -> get("/maker/risk/alerts", NodeProcess.ADMIN_TOKEN).path("halted").asInt() == 0);
    assertEquals(List.of(), console(), "the risk page logs nothing");

    // Backtests and portfolio pages load their read-outs.
    browser.get(node.api() + "/#/portfolio");
    waiting().until(d -> count("#portfolio-totals-table tr") >= 1);
    browser.get(node.api() + "/#/backtests");
    waiting().until(d -> count("#bt-events option") >= 1);
    assertEquals(List.of(), console(), "the portfolio and backtest pages log nothing");

    // A viewer sees everything and may do nothing.
    click("#logout");
    login(issueToken("watcher", "viewer"));
    waiting().until(d -> text("#who").startsWith("watcher"));
    browser.get(node.api() + "/#/i/" + ONE);
    waiting().until(d -> count("#ladder tr") >= 5);
    assertFalse(browser.findElement(By.id("stop")).isEnabled(), "a viewer may not stop");
    assertFalse(browser.findElement(By.id("start")).isEnabled(), "nor start");
    assertFalse(browser.findElement(By.id("set-limits")).isEnabled(), "nor set limits");
    browser.get(node.api() + "/#/risk");
    waiting().until(d -> count("#kill") == 1);
    assertFalse(browser.findElement(By.id("kill")).isEnabled(), "nor kill");
    assertEquals(List.of(), console(), "the viewer's pages log nothing");
  }
}
