package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.backtest.service.BacktestJobs;
import com.marketmaker.testsupport.Eventually;
import com.marketmaker.testsupport.SharedData;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /backtests} on a real binding: a backtest of the recorded spot BTC capture queued, its
 * progress and results read back and its report served, while the API keeps answering; bad requests
 * get JSON errors naming what is wrong.
 */
class BacktestRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void aBacktestRunsBesideTheApiAndBadRequestsAreRefused() throws Exception {
    ActorTestKit kit =
        ActorTestKit.create(
            "backtest-routes",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    try (BacktestJobs jobs = new BacktestJobs(data, 1, 4, 10)) {
      // A node converts the recorded spot captures into its backtest data at start.
      jobs.prepareRecordedCaptures(SharedData.dir().resolve("binance"));
      ServerBinding binding =
          Http.get(kit.system())
              .newServerAt("127.0.0.1", 0)
              .bind(new BacktestRoutes(jobs).routes())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();

      JsonNode files =
          Eventually.poll(
              Duration.ofSeconds(60),
              Duration.ofMillis(200),
              () -> JSON.readTree(get(base + "/backtests/data").body()),
              j -> j.size() == 2);
      assertEquals(
          "BINANCE:BTCUSDT", files.path("spot_btcusdt.events").get(0).asText(), "" + files);
      assertEquals("BINANCE:ETHUSDT", files.path("spot_ethusdt.events").get(0).asText());

      HttpResponse<String> accepted =
          post(
              base + "/backtests",
              "{\"events\":[\"spot_btcusdt.events\"],\"strategy\":{\"gamma\":0.1,\"horizonSeconds\":60,"
                  + "\"minSpreadBps\":1,\"maxSpreadBps\":50,\"orderSize\":\"0.001\","
                  + "\"maxPosition\":\"0.01\",\"set\":{\"inventoryLeanTicks\":2}},"
                  + "\"venue\":{\"seed\":3,\"queue\":\"power:2\"}}");
      assertEquals(202, accepted.statusCode(), accepted.body());
      String id = JSON.readTree(accepted.body()).path("id").asText();
      // The API answers while the backtest runs.
      assertEquals(200, get(base + "/backtests").statusCode());
      JsonNode done =
          Eventually.poll(
              Duration.ofSeconds(120),
              Duration.ofMillis(200),
              () -> JSON.readTree(get(base + "/backtests/" + id).body()),
              j ->
                  !j.path("status").asText().equals("QUEUED")
                      && !j.path("status").asText().equals("RUNNING"));
      assertEquals("DONE", done.path("status").asText(), done.toString());
      assertEquals(99_574, done.path("result").path("marketEvents").asLong());
      assertEquals(1.0, done.path("progress").asDouble());
      assertTrue(
          done.path("metrics").path("fills").asDouble() > 0, done.path("metrics").toString());
      HttpResponse<String> report = get(base + "/backtests/" + id + "/report");
      assertEquals(200, report.statusCode());
      assertTrue(report.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(report.body().contains("<svg"));

      HttpResponse<String> unknownField =
          post(base + "/backtests", "{\"events\":[\"spot_btcusdt.events\"],\"strategi\":{}}");
      assertEquals(400, unknownField.statusCode());
      assertTrue(unknownField.body().contains("strategi"), unknownField.body());
      HttpResponse<String> escape =
          post(
              base + "/backtests",
              "{\"events\":[\"../spot_btcusdt.events\"],\"strategy\":{\"orderSize\":\"0.001\","
                  + "\"maxPosition\":\"0.01\"}}");
      assertEquals(400, escape.statusCode());
      assertTrue(escape.body().contains("not a file name"), escape.body());
      HttpResponse<String> badField =
          post(
              base + "/backtests",
              "{\"events\":[\"spot_btcusdt.events\"],\"strategy\":{\"orderSize\":\"0.001\","
                  + "\"maxPosition\":\"0.01\",\"set\":{\"gammma\":1}}}");
      assertEquals(400, badField.statusCode());
      assertTrue(badField.body().contains("unknown strategy field 'gammma'"), badField.body());
      assertEquals(400, post(base + "/backtests", "not json").statusCode());
      assertEquals(404, get(base + "/backtests/bt-999").statusCode());
      assertTrue(get(base + "/backtests/bt-999").body().contains("\"error\""));
      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
