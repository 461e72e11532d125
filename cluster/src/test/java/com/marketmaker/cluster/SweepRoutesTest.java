package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.sweep.SweepCoordinator;
import com.marketmaker.actors.sweep.SweepProtocol;
import com.marketmaker.actors.sweep.SweepWorker;
import com.marketmaker.backtest.service.BacktestJobs;
import com.marketmaker.backtest.service.SweepPointRunner;
import com.marketmaker.http.ApiSecurity;
import com.marketmaker.http.HttpServer;
import com.marketmaker.http.auth.AuthSettings;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /sweeps} on a real binding with a coordinator and a worker in one actor system (in-memory
 * journal), behind the API's guard: a grid sweep over the recorded spot BTC capture submitted by a
 * trader's token, its progress and ranked results read back and its report served; bad requests get
 * JSON errors naming what is wrong, and a viewer or no token may not submit.
 */
class SweepRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;
  @TempDir Path snapshots;

  @Test
  void aSweepIsRunRankedAndReportedAndBadRequestsAreRefused() throws Exception {
    ActorTestKit kit =
        ActorTestKit.create(
            "sweep-routes",
            ConfigFactory.parseString(
                    String.join(
                        "\n",
                        "pekko.actor.provider = local",
                        "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
                        "pekko.persistence.snapshot-store.plugin ="
                            + " \"pekko.persistence.snapshot-store.local\"",
                        "pekko.persistence.snapshot-store.local.dir = \""
                            + snapshots.toAbsolutePath()
                            + "\"",
                        "market-maker.auth.admin-token = \"" + NodeProcess.ADMIN_TOKEN + "\"",
                        "market-maker.auth.refresh-interval = 200ms"))
                .withFallback(ConfigFactory.defaultReference()));
    try (BacktestJobs jobs = new BacktestJobs(data, 1, 4, 10);
        SweepPointRunner runner = new SweepPointRunner(data, 2, jobs::prepared)) {
      jobs.prepareRecordedCaptures(SharedData.dir().resolve("binance"));
      ActorRef<SweepProtocol.Command> coordinator =
          kit.spawn(
              SweepCoordinator.create(SweepCoordinator.Settings.defaults(), Clock.systemUTC()));
      kit.spawn(
          SweepWorker.create(
              coordinator, runner, new SweepWorker.Settings(2, Duration.ofMillis(100)), "here"));
      // Behind the API's guard, as on a node: the sweep is submitted by the token's name.
      ApiSecurity security =
          ApiSecurity.start(
              kit.system(), AuthSettings.fromConfig(kit.system().settings().config()));
      ServerBinding binding =
          HttpServer.start(
                  kit.system(),
                  security.wrap(
                      new SweepRoutes(kit.system(), coordinator, runner, Duration.ofSeconds(5))
                          .routes()),
                  "127.0.0.1",
                  0)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();
      Eventually.await(
          Duration.ofSeconds(20),
          Duration.ofMillis(100),
          () -> get(base + "/auth/whoami", NodeProcess.ADMIN_TOKEN).statusCode() == 200,
          "the admin token is accepted");
      String alice = token(base, "alice", "trader");
      String vic = token(base, "vic", "viewer");
      Eventually.await(
          Duration.ofSeconds(60), Duration.ofMillis(200), jobs::prepared, "captures converted");

      String body =
          "{\"events\":[\"spot_btcusdt.events\"],"
              + "\"strategy\":{\"orderSize\":\"0.001\",\"maxPosition\":\"0.01\"},"
              + "\"grid\":{\"riskAversion\":[0.05,0.2],\"minSpreadBps\":[1,2,4]},"
              + "\"rank\":\"sharpe\"}";
      assertRefused(post(base + "/sweeps", body, vic), 403, "needs the 'trader' role");
      assertRefused(post(base + "/sweeps", body, null), 401, "missing bearer token");
      HttpResponse<String> accepted = post(base + "/sweeps", body, alice);
      assertEquals(202, accepted.statusCode(), accepted.body());
      JsonNode a = JSON.readTree(accepted.body());
      assertEquals(6, a.path("points").asInt());
      String id = a.path("id").asText();

      JsonNode done =
          Eventually.poll(
              Duration.ofSeconds(120),
              Duration.ofMillis(200),
              () -> JSON.readTree(get(base + "/sweeps/" + id, vic).body()),
              j -> j.path("done").asInt() == 6);
      assertEquals(6, done.path("done").asInt(), done.toString());
      assertEquals(0, done.path("failed").asInt(), done.toString());
      assertEquals("alice", done.path("submittedBy").asText());
      assertEquals("sharpe", done.path("metric").asText());
      assertEquals(6, done.path("doneByNode").path("here").asInt());
      double previous = Double.POSITIVE_INFINITY;
      for (JsonNode r : done.path("ranked")) {
        double sharpe = r.path("metrics").path("sharpe").asDouble();
        assertTrue(sharpe <= previous, "best first: " + done);
        previous = sharpe;
        assertTrue(r.path("point").has("riskAversion"), r.toString());
      }
      JsonNode list = JSON.readTree(get(base + "/sweeps", vic).body());
      assertEquals(id, list.get(list.size() - 1).path("id").asText());
      HttpResponse<String> html = get(base + "/sweeps/" + id + "/report", vic);
      assertEquals(200, html.statusCode());
      assertTrue(html.body().contains("riskAversion"), "the report names the swept fields");

      // Refusals: JSON errors that say what is wrong, nothing submitted.
      assertRefused(
          post(base + "/sweeps", "{\"events\":[\"spot_btcusdt.events\"]", alice),
          400,
          "invalid sweep request");
      assertRefused(
          post(base + "/sweeps", body.replace("\"rank\":\"sharpe\"", "\"rank\":\"luck\""), alice),
          400,
          "unknown metric");
      assertRefused(
          post(base + "/sweeps", body.replace("minSpreadBps", "minSpreadBp"), alice),
          400,
          "unknown strategy field");
      assertRefused(
          post(base + "/sweeps", body.replace("spot_btcusdt", "nowhere"), alice),
          400,
          "no file 'nowhere.events'");
      assertRefused(
          post(base + "/sweeps", body.replace("[0.05,0.2]", "[-1]"), alice),
          400,
          "invalid strategy");
      assertRefused(
          post(base + "/sweeps", body.replace("\"events\"", "\"eventz\""), alice),
          400,
          "invalid sweep request");
      assertRefused(get(base + "/sweeps/sw-none", vic), 404, "no sweep sw-none");
      assertEquals(1, JSON.readTree(get(base + "/sweeps", vic).body()).size());
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static void assertRefused(HttpResponse<String> r, int status, String says)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    String error = JSON.readTree(r.body()).path("error").asText();
    assertTrue(error.contains(says), "'" + error + "' says " + says);
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A new token named {@code name} with {@code role}, issued with the admin token. */
  private String token(String base, String name, String role) throws Exception {
    HttpResponse<String> r =
        post(
            base + "/auth/tokens",
            "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}",
            NodeProcess.ADMIN_TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("token").asText();
  }
}
